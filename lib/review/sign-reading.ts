import type { Reading } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { transitionStudy } from "./transition-study";

export interface SignReadingOptions {
  readingId: string;
  userId: string;
  /** The reading version the user saw (optimistic concurrency); omitted: not checked. */
  version?: number;
  /**
   * Whether signing locks the study (study → SIGNED). Default: a primary reading does (single
   * reading); lib/supervision passes false for blinded readings that await adjudication.
   */
  lockStudy?: boolean;
}

/**
 * Signs one's own reading: status SIGNED with the time, READING_SIGNED, and (by default for a
 * primary reading) the study locked as SIGNED. Permission-agnostic (study:sign is checked by the
 * route). A signed reading is never edited again; changes go into an amendment.
 */
export async function signReading(options: SignReadingOptions): Promise<Reading> {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Reading" WHERE id = ${options.readingId} FOR UPDATE`;
    const reading = await tx.reading.findUnique({ where: { id: options.readingId } });
    if (!reading) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
    if (reading.role === "AI") throw new AppError("FORBIDDEN", { userMessage: "The AI's pre-annotation is not signed by readers." });
    if (reading.readerId !== options.userId) throw new AppError("FORBIDDEN", { userMessage: "Only the reader signs a reading." });
    if (reading.status === "SIGNED") throw new AppError("STUDY_SIGNED", { userMessage: "This reading is signed already." });
    if (reading.status === "SUPERSEDED") throw new AppError("CONFLICT", { userMessage: "This reading has been superseded." });
    if (options.version !== undefined && options.version !== reading.version) {
      throw new AppError("CONFLICT", { userMessage: "This reading changed since you loaded it; reload before signing.", details: { version: reading.version } });
    }
    const signed = await tx.reading.update({ where: { id: reading.id }, data: { status: "SIGNED", signedAt: new Date(), version: { increment: 1 } } });
    await recordAudit(tx, { type: "READING_SIGNED", actorId: options.userId, studyId: reading.studyId, payload: { readingId: reading.id, role: reading.role } });
    if (options.lockStudy ?? reading.role === "PRIMARY") await transitionStudy(tx, reading.studyId, "SIGNED", options.userId, "reading signed");
    return signed;
  }, LONG_TRANSACTION);
}
