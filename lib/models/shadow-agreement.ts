import { ZAnalysis } from "../analysis/schema";
import { studyLabels } from "../datasets/study-labels";
import { db } from "../db/client";
import { sideFigures, type TSideFigures } from "../models-compare/side-figures";
import { DIAGNOSES } from "../phantom/truth";
import { scoreStudy } from "../pipeline/eval/score-study";
import { truthFromLabels } from "../pipeline/eval/truth-from-labels";
import { cohenKappa, type TKappa } from "../stats/cohen-kappa";
import type { TProportion } from "../stats/types";
import { proportion } from "../stats/wilson-interval";

/** How a shadow version agrees with the signed readings, beside the live AI on the same levels. */
export interface TShadowAgreement {
  modelVersionId: string;
  /** Shadow runs so far, and how many of their studies are signed (the ones scored). */
  runs: number;
  signedStudies: number;
  /** The shadow version's figures against the final signed labels (per-level accuracy, κ, …). */
  shadow: TSideFigures;
  /** The live AI reading's diagnoses against the same signed levels: what the readers saw. */
  live: { levelAccuracy: TProportion; kappa: TKappa };
}

/**
 * Scores a shadow version's runs on the studies signed since (final signed labels: adjudication
 * over primary), with discern eval's scoring, and the live AI reading of each of those studies
 * on the same levels, so an admin sees whether promoting it would have helped. Studies whose
 * labels cannot be read are left out.
 */
export async function shadowAgreement(modelVersionId: string): Promise<TShadowAgreement> {
  const runs = await db().shadowRun.findMany({ where: { modelVersionId }, include: { study: { select: { reviewState: true } } }, orderBy: { createdAt: "asc" } });
  const signed = runs.filter((r) => r.study.reviewState === "SIGNED");
  const scores = [];
  const live = DIAGNOSES.map(() => DIAGNOSES.map(() => 0));
  for (const [k, run] of signed.entries()) {
    const labels = await studyLabels({ labelSource: "FINAL", readerId: null }, run.studyId).catch(() => null);
    if (!labels) continue;
    scores.push(scoreStudy(ZAnalysis.parse(run.analysis), truthFromLabels(labels, k + 1)));
    const ai = await studyLabels({ labelSource: "AI", readerId: null }, run.studyId).catch(() => null);
    for (const [level, signedLabel] of labels.diagnoses) {
      const shown = ai?.diagnoses.get(level);
      if (shown) live[DIAGNOSES.indexOf(signedLabel.diagnosis)]![DIAGNOSES.indexOf(shown.diagnosis)]! += 1;
    }
  }
  const n = live.flat().reduce((a, b) => a + b, 0);
  const hits = live.reduce((a, row, i) => a + row[i]!, 0);
  return {
    modelVersionId,
    runs: runs.length,
    signedStudies: scores.length,
    shadow: sideFigures(scores),
    live: { levelAccuracy: proportion(hits, n), kappa: cohenKappa(live) },
  };
}
