import type { ReviewState } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { TTx } from "../db/client";

/**
 * Moves a study to another review state inside the caller's transaction (bumping its version)
 * and records STUDY_STATE_CHANGED; a no-op when it is there already.
 */
export async function transitionStudy(tx: TTx, studyId: string, to: ReviewState, actorId: string | null, reason?: string): Promise<void> {
  const study = await tx.study.findUniqueOrThrow({ where: { id: studyId }, select: { reviewState: true } });
  if (study.reviewState === to) return;
  await tx.study.update({ where: { id: studyId }, data: { reviewState: to, version: { increment: 1 } } });
  await recordAudit(tx, { type: "STUDY_STATE_CHANGED", actorId, studyId, payload: { from: study.reviewState, to, ...(reason ? { reason } : {}) } });
}
