import { z } from "zod";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { mayIdentifyPatient } from "../auth/identity-visibility";
import { db } from "../db/client";
import { AppError, isAppError } from "../errors/app-error";
import { ZIdParam } from "../review/api-schemas";
import { canAssign, enforce, loadActor } from "../review/policy";
import { studyHeaderOf } from "../review/study-header";
import { assignAdjudicatorInTx } from "./assign-adjudicator";
import { assignStudyInTx, ZAssignStudyInput } from "./assign-study";
import { parseInput } from "./parse-input";

/** At most one board's worth of studies per action (the board lists 200). */
export const MAX_BULK_STUDIES = 200;

export const ZAssignStudiesInput = z
  .object({
    studyIds: z.array(ZIdParam).min(1).max(MAX_BULK_STUDIES),
    /** For the selected studies still to be read: the design and reader(s), as assignStudy takes them. */
    readers: z.object({ design: z.enum(["SINGLE", "DOUBLE_BLINDED"]), readerIds: z.array(ZIdParam).min(1).max(2) }).optional(),
    /** For the selected studies in ADJUDICATION: the third reader, as assignAdjudicator takes it. */
    adjudicatorId: ZIdParam.optional(),
  })
  .refine((v) => new Set(v.studyIds).size === v.studyIds.length, { message: "a study is selected twice", path: ["studyIds"] })
  .refine((v) => v.readers !== undefined || v.adjudicatorId !== undefined, { message: "choose readers or an adjudicator", path: ["readers"] });
export type TAssignStudiesInput = z.infer<typeof ZAssignStudiesInput>;

export interface AssignStudiesOptions extends TAssignStudiesInput {
  actorId: string;
}

export interface TBulkAssigned {
  studyId: string;
  /** READERS: assignStudy's design and reading(s); ADJUDICATOR: assignAdjudicator's reading. */
  kind: "READERS" | "ADJUDICATOR";
  readingIds: string[];
}

/**
 * Assigns several studies in one action, all or nothing, in one transaction: each study in
 * ADJUDICATION gets `adjudicatorId` through assignAdjudicator's rules, every other one `readers`
 * through assignStudy's (authority, states, blinded pairs, eligible readers: the same functions,
 * no rule restated here), each with its own audit events (READING_ASSIGNED, READING_DESIGN_SET).
 * The studies are locked first in id order, so two bulk actions cannot deadlock.
 *
 * Errors: FORBIDDEN before anything for a non-supervisor; INVALID_INPUT for bad readers; the
 * first study that refuses rolls everything back, with its code and one sentence naming it
 * (accession and patient ID, or its pseudonym where the actor may not identify the patient).
 */
export async function assignStudies(options: AssignStudiesOptions): Promise<{ assigned: TBulkAssigned[] }> {
  const input = parseInput(ZAssignStudiesInput, options);
  // The readers' rules (count per design, two different people) checked once, not per study.
  const readers = input.readers ? parseInput(ZAssignStudyInput, { studyId: input.studyIds[0], ...input.readers }) : null;
  return db().$transaction(async (tx) => {
    const actor = await loadActor(tx, options.actorId);
    enforce(canAssign(actor));
    const sorted = [...input.studyIds].sort();
    await tx.$queryRaw`SELECT id FROM "Study" WHERE id = ANY(${sorted}::text[]) ORDER BY id FOR UPDATE`;
    const studies = await tx.study.findMany({ where: { id: { in: sorted } }, include: { patient: true, readings: true } });
    if (studies.length !== sorted.length) throw new AppError("NOT_FOUND", { userMessage: "Nothing was assigned: one of the selected studies no longer exists." });
    const byId = new Map(studies.map((s) => [s.id, s]));
    const assigned: TBulkAssigned[] = [];
    for (const studyId of input.studyIds) {
      const study = byId.get(studyId)!;
      const blocked = (error: AppError) => {
        const label = bulkStudyLabel(studyHeaderOf(study, mayIdentifyPatient(actor, study)));
        const reason = error.userMessage.replace(/\.$/, "");
        return new AppError(error.code, { userMessage: `Nothing was assigned because of ${label}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}.`, cause: error });
      };
      try {
        if (study.reviewState === "ADJUDICATION") {
          if (!input.adjudicatorId) throw new AppError("INVALID_INPUT", { userMessage: "It is in adjudication and needs an adjudicator." });
          const result = await assignAdjudicatorInTx(tx, { studyId, readerId: input.adjudicatorId }, actor.id);
          assigned.push({ studyId, kind: "ADJUDICATOR", readingIds: [result.reading.id] });
        } else {
          if (!readers) throw new AppError("INVALID_INPUT", { userMessage: "It is not in adjudication and needs readers." });
          const result = await assignStudyInTx(tx, { ...readers, studyId }, actor.id);
          assigned.push({ studyId, kind: "READERS", readingIds: result.readings.map((r) => r.id) });
        }
      } catch (error) {
        throw isAppError(error) ? blocked(error) : error;
      }
    }
    return { assigned };
  }, LONG_TRANSACTION);
}

/** "accession PHA0009104 (patient PH000104)", or the pseudonym "Study 7F3K-2Q9D" where identity is withheld. */
export function bulkStudyLabel(header: { identified: boolean; patientName: string | null; patientId: string; accessionNumber: string | null; description: string | null; studyInstanceUid: string }): string {
  if (!header.identified) return header.patientName ?? "a study";
  const patient = header.patientId ? `patient ${header.patientId}` : null;
  if (header.accessionNumber) return `accession ${header.accessionNumber}${patient ? ` (${patient})` : ""}`;
  return patient ? `the study of ${patient}${header.description ? ` (${header.description})` : ""}` : `study ${header.studyInstanceUid}`;
}
