import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db, type TTx } from "../db/client";
import { canAssign, enforce, loadActor } from "../review/policy";
import { AppError } from "../errors/app-error";
import { createAssignedReading } from "./create-reading";
import { parseInput } from "./parse-input";
import { isBlinded } from "./reading-visibility";

export const ZAssignStudyInput = z
  .object({
    studyId: z.string().min(1),
    design: z.enum(["SINGLE", "DOUBLE_BLINDED"]),
    /** One reader for SINGLE, two different readers for DOUBLE_BLINDED (the first reads PRIMARY). */
    readerIds: z.array(z.string().min(1)).min(1).max(2),
  })
  .refine((v) => v.readerIds.length === (v.design === "SINGLE" ? 1 : 2), { message: "SINGLE takes one reader, DOUBLE_BLINDED two", path: ["readerIds"] })
  .refine((v) => new Set(v.readerIds).size === v.readerIds.length, { message: "the two readers must be different people", path: ["readerIds"] });
export type TAssignStudyInput = z.infer<typeof ZAssignStudyInput>;

export interface AssignStudyOptions extends TAssignStudyInput {
  actorId: string;
}

/**
 * Sets a study's reading design and assigns its reader(s): SINGLE → one PRIMARY reading;
 * DOUBLE_BLINDED → a PRIMARY and a SECOND reading, each blind to the other until both are signed
 * (see readingVisibility). Unsigned human readings from an earlier assignment are SUPERSEDED; a
 * study with a signed PRIMARY/SECOND reading or in adjudication refuses with CONFLICT (amend
 * instead); a supervisor who reads the study blind is refused (FORBIDDEN) before anything is
 * told. One transaction: readings, study design and version, READING_ASSIGNED per reading and
 * READING_DESIGN_SET.
 */
export async function assignStudy(options: AssignStudyOptions) {
  const input = parseInput(ZAssignStudyInput, options);
  return db().$transaction((tx) => assignStudyInTx(tx, input, options.actorId));
}

/**
 * assignStudy's work inside the caller's transaction (the bulk assignment runs it once per study
 * in one transaction): authority, the study lock, the state rules, the readings and the audit.
 * `input` must have passed ZAssignStudyInput.
 */
export async function assignStudyInTx(tx: TTx, input: TAssignStudyInput, actorId: string) {
  enforce(canAssign(await loadActor(tx, actorId)));
  await tx.$queryRaw`SELECT id FROM "Study" WHERE id = ${input.studyId} FOR UPDATE`;
  const study = await tx.study.findUnique({ where: { id: input.studyId }, include: { readings: true } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  // Issue 18.1: no action of a blinded reader alters or reveals the other reading. Reassigning would
  // supersede it and end the blinding (a SINGLE study is not blinded); its refusals would tell whether
  // it is signed. A supervisor who reads this study blind leaves it to another supervisor or an admin.
  const readsBlind = study.readings.some((r) => (r.role === "PRIMARY" || r.role === "SECOND") && r.readerId === actorId && r.status !== "SUPERSEDED");
  if (readsBlind && isBlinded(study.readingDesign, study.readings, study.reviewState)) {
    throw new AppError("FORBIDDEN", { userMessage: "You read this study blind; another supervisor or an admin assigns it." });
  }
  if (study.reviewState === "SIGNED" || study.reviewState === "ADJUDICATION") {
    const state = study.reviewState === "SIGNED" ? "signed" : "in adjudication";
    throw new AppError("CONFLICT", { userMessage: `The study is ${state}; it cannot be reassigned.` });
  }
  const human = study.readings.filter((r) => (r.role === "PRIMARY" || r.role === "SECOND") && r.status !== "SUPERSEDED");
  if (human.some((r) => r.status === "SIGNED")) throw new AppError("CONFLICT", { userMessage: "A reading of this study is already signed; amend it instead of reassigning." });
  if (human.length > 0) await tx.reading.updateMany({ where: { id: { in: human.map((r) => r.id) } }, data: { status: "SUPERSEDED", version: { increment: 1 } } });

  const roles = ["PRIMARY", "SECOND"] as const;
  const readings = [];
  for (const [index, readerId] of input.readerIds.entries()) {
    readings.push(await createAssignedReading(tx, { studyId: study.id, role: roles[index]!, readerId, assignedById: actorId }));
  }
  await tx.study.update({ where: { id: study.id }, data: { readingDesign: input.design, version: { increment: 1 } } });
  await recordAudit(tx, {
    type: "READING_DESIGN_SET",
    actorId,
    studyId: study.id,
    payload: { design: input.design, readingIds: readings.map((r) => r.id), supersededReadingIds: human.map((r) => r.id) },
  });
  return { studyId: study.id, design: input.design, readings: readings.map((r) => ({ id: r.id, role: r.role, readerId: r.readerId })) };
}
