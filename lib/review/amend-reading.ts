import type { Reading } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { transitionStudy } from "./transition-study";

export interface AmendReadingOptions {
  /** The signed reading to amend. */
  readingId: string;
  userId: string;
}

/**
 * Starts an amendment of a signed reading: a new reading (same role, the amending user as reader,
 * IN_PROGRESS) whose `amendsId` names the signed one, which is never edited. Its view starts from
 * the signed reading's heads (lib/annotations layers). The study goes back to IN_REVIEW until the
 * amendment is signed. A reading is amended once; asking again returns that open amendment.
 */
export async function amendReading(options: AmendReadingOptions): Promise<Reading> {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Reading" WHERE id = ${options.readingId} FOR UPDATE`;
    const signed = await tx.reading.findUnique({ where: { id: options.readingId }, include: { amendedBy: true } });
    if (!signed) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
    if (signed.role === "AI" || signed.status !== "SIGNED") throw new AppError("CONFLICT", { userMessage: "Only a signed reading can be amended." });
    if (signed.amendedBy) {
      if (signed.amendedBy.readerId === options.userId && signed.amendedBy.status !== "SIGNED") return signed.amendedBy;
      throw new AppError("CONFLICT", { userMessage: "This reading has been amended already; amend the newest version." });
    }
    const amendment = await tx.reading.create({
      data: { studyId: signed.studyId, role: signed.role, readerId: options.userId, status: "IN_PROGRESS", amendsId: signed.id },
    });
    await recordAudit(tx, { type: "READING_AMENDED", actorId: options.userId, studyId: signed.studyId, payload: { readingId: amendment.id, amendsId: signed.id } });
    if (signed.role === "PRIMARY") await transitionStudy(tx, signed.studyId, "IN_REVIEW", options.userId, "amendment started");
    return amendment;
  }, LONG_TRANSACTION);
}
