import type { Reading } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { TTx } from "../db/client";
import { AppError } from "../errors/app-error";
import { transitionStudy } from "./transition-study";

/**
 * Marks one's open reading as being worked on (ASSIGNED → IN_PROGRESS with startedAt,
 * READING_STARTED) and, for a single-read primary reading, moves the study into IN_REVIEW. Inside
 * the caller's transaction, after the caller locked the study and enforced the policy (start or
 * edit); idempotent for a reading in progress.
 */
export async function startReadingInTx(tx: TTx, readingId: string, actorId: string): Promise<Reading> {
  const reading = await tx.reading.findUnique({ where: { id: readingId } });
  if (!reading) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  if (reading.status !== "ASSIGNED" && reading.status !== "IN_PROGRESS") throw new AppError("CONFLICT", { userMessage: "This reading can no longer be edited." });
  let current = reading;
  if (reading.status === "ASSIGNED") {
    current = await tx.reading.update({ where: { id: readingId }, data: { status: "IN_PROGRESS", startedAt: new Date(), version: { increment: 1 } } });
    await recordAudit(tx, { type: "READING_STARTED", actorId, studyId: reading.studyId, payload: { readingId, role: reading.role } });
  }
  if (reading.role === "PRIMARY" && !reading.amendsId) {
    const study = await tx.study.findUniqueOrThrow({ where: { id: reading.studyId }, select: { reviewState: true } });
    if (study.reviewState === "NEW" || study.reviewState === "PRE_ANNOTATED") await transitionStudy(tx, reading.studyId, "IN_REVIEW", actorId, "reading started");
  }
  return current;
}
