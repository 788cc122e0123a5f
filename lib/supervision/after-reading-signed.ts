import type { ReviewState } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { TTx } from "../db/client";
import { AppError } from "../errors/app-error";
import { compareReadings, type TReadingComparison } from "./compare-readings";
import { signedReading } from "./current-readings";
import { readingLabels } from "./reading-labels";

export interface TSignOutcome {
  reviewState: ReviewState;
  /** Whether the study now has a final label (see finalLabels). */
  final: boolean;
  /** Set when this signature completed a double reading. */
  comparison: TReadingComparison | null;
}

/**
 * HOOK FOR lib/review's signReading: call it in the signing transaction, after the reading's
 * status is SIGNED; it decides the study's review state for the reading design and records the
 * change (STUDY_STATE_CHANGED, and DOUBLE_READ_COMPARED when a double reading completes):
 * - SINGLE: the signed PRIMARY is final → SIGNED.
 * - DOUBLE_BLINDED: one of two signed → IN_REVIEW (nothing is locked, the other stays blind);
 *   both signed → compared per level diagnosis and vertebra label: agreement → SIGNED (final =
 *   the agreed labels), any disagreement → ADJUDICATION (a supervisor assigns a third reader).
 *   An amendment re-runs the comparison while no adjudication is signed.
 * - ADJUDICATION signed → SIGNED; its labels are final.
 * ANNOTATION readings do not change the study's state.
 */
export async function afterReadingSigned(tx: TTx, options: { readingId: string; actorId: string | null }): Promise<TSignOutcome> {
  const reading = await tx.reading.findUnique({ where: { id: options.readingId } });
  if (!reading) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  if (reading.status !== "SIGNED") throw new AppError("CONFLICT", { message: `afterReadingSigned on unsigned reading ${reading.id}` });
  const study = await tx.study.findUniqueOrThrow({ where: { id: reading.studyId }, include: { readings: true } });
  if (reading.role === "ANNOTATION" || reading.role === "AI") return { reviewState: study.reviewState, final: study.reviewState === "SIGNED", comparison: null };

  let next: ReviewState;
  let comparison: TReadingComparison | null = null;
  if (signedReading(study.readings, "ADJUDICATION")) {
    next = "SIGNED";
  } else if (study.readingDesign === "SINGLE") {
    next = signedReading(study.readings, "PRIMARY") ? "SIGNED" : study.reviewState;
  } else {
    const first = signedReading(study.readings, "PRIMARY");
    const second = signedReading(study.readings, "SECOND");
    if (first && second) {
      comparison = compareReadings(await readingLabels(tx, first.id), await readingLabels(tx, second.id));
      next = comparison.agreed ? "SIGNED" : "ADJUDICATION";
      await recordAudit(tx, {
        type: "DOUBLE_READ_COMPARED",
        actorId: options.actorId,
        studyId: study.id,
        payload: { readingIds: [first.id, second.id], agreed: comparison.agreed, disagreements: comparison.disagreements },
      });
    } else {
      next = "IN_REVIEW";
    }
  }
  if (next !== study.reviewState) {
    await tx.study.update({ where: { id: study.id }, data: { reviewState: next, version: { increment: 1 } } });
    await recordAudit(tx, {
      type: "STUDY_STATE_CHANGED",
      actorId: options.actorId,
      studyId: study.id,
      payload: { from: study.reviewState, to: next, reason: comparison ? (comparison.agreed ? "double reading agreed" : "double reading disagreed") : `${reading.role} signed` },
    });
  }
  return { reviewState: next, final: next === "SIGNED", comparison };
}
