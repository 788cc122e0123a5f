import type { Reading } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { TTx } from "../db/client";
import { AppError } from "../errors/app-error";
import { transitionStudy } from "./transition-study";

/**
 * Marks a reading as being worked on (ASSIGNED → IN_PROGRESS, READING_STARTED) and, for a
 * primary reading or an amendment, moves the study into IN_REVIEW. Signed readings refuse with
 * STUDY_SIGNED. Inside the caller's transaction; idempotent.
 */
export async function startReadingInTx(tx: TTx, readingId: string, actorId: string): Promise<Reading> {
  await tx.$queryRaw`SELECT id FROM "Reading" WHERE id = ${readingId} FOR UPDATE`;
  const reading = await tx.reading.findUnique({ where: { id: readingId } });
  if (!reading) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  if (reading.status === "SIGNED") throw new AppError("STUDY_SIGNED", { userMessage: "This reading is signed; amend it to make changes." });
  if (reading.status === "SUPERSEDED" || reading.role === "AI") throw new AppError("CONFLICT", { userMessage: "This reading can no longer be edited." });
  let current = reading;
  if (reading.status === "ASSIGNED") {
    current = await tx.reading.update({ where: { id: readingId }, data: { status: "IN_PROGRESS", version: { increment: 1 } } });
    await recordAudit(tx, { type: "READING_STARTED", actorId, studyId: reading.studyId, payload: { readingId } });
  }
  if (reading.role === "PRIMARY") {
    const study = await tx.study.findUniqueOrThrow({ where: { id: reading.studyId }, select: { reviewState: true } });
    if (study.reviewState === "NEW" || study.reviewState === "PRE_ANNOTATED" || (study.reviewState === "SIGNED" && reading.amendsId)) {
      await transitionStudy(tx, reading.studyId, "IN_REVIEW", actorId, reading.amendsId ? "amendment started" : "reading started");
    }
  }
  return current;
}
