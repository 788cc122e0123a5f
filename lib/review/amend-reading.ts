import { Prisma, type Reading } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { canAmend, enforce, isOpen, loadActor, lockReading } from "./policy";
import { transitionStudy } from "./transition-study";

export interface AmendReadingOptions {
  /** The signed reading to amend. */
  readingId: string;
  userId: string;
  /** Why (required, 3–500 characters): shown in the history and in the amended report. */
  reason: string;
}

/**
 * Starts an amendment of a signed reading (issue 12.2, 18.1): under the study's lock,
 * lib/review/policy's canAmend decides (the signer, or a supervisor; adjudications only by
 * supervisors; never across blinding); then a new reading (same role, the amending user as
 * reader, IN_PROGRESS) names the signed one in `amendsId` with the reason; the signed reading
 * is never edited. A single-read study goes back to IN_REVIEW, an amended adjudication back to
 * ADJUDICATION, until the amendment is signed. Asking again returns one's own open amendment.
 */
export async function amendReading(options: AmendReadingOptions): Promise<Reading> {
  try {
    return await db().$transaction(async (tx) => {
      const actor = await loadActor(tx, options.userId);
      const { study, reading: signed } = await lockReading(tx, options.readingId);
      enforce(canAmend(actor, study, signed, options.reason));
      const open = study.readings.find((r) => r.amendsId === signed.id && isOpen(r) && r.readerId === actor.id);
      if (open) return tx.reading.findUniqueOrThrow({ where: { id: open.id } });
      const reason = options.reason.trim();
      const amendment = await tx.reading.create({
        data: { studyId: signed.studyId, role: signed.role, readerId: actor.id, status: "IN_PROGRESS", startedAt: new Date(), amendsId: signed.id, amendReason: reason },
      });
      await recordAudit(tx, { type: "READING_AMENDED", actorId: actor.id, studyId: signed.studyId, payload: { readingId: amendment.id, amendsId: signed.id, reason } });
      if (study.readingDesign === "SINGLE") await transitionStudy(tx, signed.studyId, "IN_REVIEW", actor.id, "amendment started");
      if (signed.role === "ADJUDICATION") await transitionStudy(tx, signed.studyId, "ADJUDICATION", actor.id, "adjudication amended");
      return amendment;
    }, LONG_TRANSACTION);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", { userMessage: "Someone amended this reading at the same moment; reload to see the amendment.", cause: error });
    }
    throw error;
  }
}
