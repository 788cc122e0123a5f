import type { Reading } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { readingLayers } from "../annotations/reading-layers";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { renderSignedReports, type TStoredReportRef } from "../report/render-signed-reports";
import { afterStudySigned } from "../pacs/after-study-signed";
import { afterReadingSigned, type TSignOutcome } from "../supervision/after-reading-signed";
import { finalSourceOf } from "../supervision/final-labels";
import { canSign, enforce, loadActor, lockReading } from "./policy";
import { freezeReading } from "./snapshot";

export interface SignReadingOptions {
  readingId: string;
  userId: string;
  /** The reading version the user saw (optimistic concurrency); omitted: not checked. */
  version?: number;
}

export interface TSignedReading extends TSignOutcome {
  reading: Reading;
  /** sha256 of the frozen snapshot (SignedSnapshot). */
  snapshotSha256: string;
  /** The reports rendered and stored by this signature (empty unless it made the study final). */
  reports: TStoredReportRef[];
}

/**
 * Signs one's own reading, atomically, under the study's row lock (issue 12.2–12.3):
 * lib/review/policy's canSign decides (a signed study or reading role is never signed again —
 * concurrent signers: the first wins, the rest get 409); the reading becomes SIGNED and its view
 * is pinned to the AI reading it showed; every effective value is frozen into its SignedSnapshot;
 * READING_SIGNED is audited; lib/supervision's afterReadingSigned sets the study's state for the
 * design; and when the study thereby has its final record, the report (PDF, DICOM SR, FHIR) is
 * rendered once from the final reading's snapshot and stored content-addressed beside it.
 */
export async function signReading(options: SignReadingOptions): Promise<TSignedReading> {
  const result = await db().$transaction(async (tx) => {
    const actor = await loadActor(tx, options.userId);
    const { study, reading } = await lockReading(tx, options.readingId);
    enforce(canSign(actor, study, reading));
    const current = await tx.reading.findUniqueOrThrow({ where: { id: reading.id } });
    if (options.version !== undefined && options.version !== current.version) {
      throw new AppError("CONFLICT", { userMessage: "This reading changed since you loaded it; reload before signing.", details: { version: current.version } });
    }
    const { aiReadingId } = await readingLayers(tx, reading.id);
    const signedAt = new Date();
    const signed = await tx.reading.update({ where: { id: reading.id }, data: { status: "SIGNED", signedAt, aiReadingId, version: { increment: 1 } } });
    const { sha256 } = await freezeReading(tx, { readingId: reading.id, aiReadingId, signedAt });
    await recordAudit(tx, { type: "READING_SIGNED", actorId: actor.id, studyId: reading.studyId, payload: { readingId: reading.id, role: reading.role, snapshotSha256: sha256, ...(reading.amendsId ? { amendsId: reading.amendsId } : {}) } });
    const outcome = await afterReadingSigned(tx, { readingId: reading.id, actorId: actor.id });
    let reports: TStoredReportRef[] = [];
    if (outcome.final) {
      const after = await tx.study.findUniqueOrThrow({ where: { id: reading.studyId }, include: { readings: true } });
      const final = finalSourceOf(after, after.readings);
      if (final) reports = await renderSignedReports(tx, { studyId: reading.studyId, readingId: final.reading.id, actorId: actor.id });
    }
    return { reading: signed, snapshotSha256: sha256, reports, ...outcome };
  }, LONG_TRANSACTION);
  // After commit: the final record goes to the PACS nodes that take results (lib/pacs; never fails the signature).
  if (result.reports.length > 0) await afterStudySigned(result.reading.studyId);
  return result;
}
