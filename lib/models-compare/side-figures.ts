import { DIAGNOSES } from "../phantom/truth";
import { summarizeScores, type EvalSummary } from "../pipeline/eval/summarize-scores";
import type { StudyScore } from "../pipeline/eval/score-study";
import { classMetrics, type TClassReport } from "../stats/class-metrics";
import { cohenKappa, type TKappa } from "../stats/cohen-kappa";

/** One model set's figures on a dataset split, against the signed labels. */
export interface TSideFigures {
  /** discern eval's table: per-level accuracy (Wilson 95%), vertebra localisation and IoU, ROI IoU. */
  summary: EvalSummary;
  /** Cohen's κ of the AI diagnosis against the signed one over all diagnosed levels (analytic 95% CI). */
  kappa: TKappa;
  /** Linearly weighted κ (normal < bulge < herniation is ordinal). */
  weightedKappa: TKappa;
  /** One-vs-rest sensitivity and specificity of each class, Wilson 95% intervals (lib/stats). */
  classes: TClassReport<(typeof DIAGNOSES)[number]>;
}

/**
 * Adds up the study scores of one side (pure). The confusion matrix is the pooled one of
 * summarizeScores: rows the signed diagnosis, columns the AI's, over the levels both gave.
 */
export function sideFigures(scores: readonly StudyScore[]): TSideFigures {
  const summary = summarizeScores(scores);
  const matrix = summary.classification.confusion;
  return {
    summary,
    kappa: cohenKappa(matrix),
    weightedKappa: cohenKappa(matrix, { weights: "linear" }),
    classes: classMetrics(matrix, DIAGNOSES),
  };
}
