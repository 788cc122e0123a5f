import { DIAGNOSES, DISC_LEVELS, type TDiagnosis, type TDiscLevel } from "../../phantom/truth";
import { wilsonInterval } from "../../stats/wilson-interval";
import type { TInterval } from "../../stats/types";
import { addConfusion, confusionTotal, confusionTrace, emptyConfusion, mean, ratio, sensitivitySpecificity, type TConfusion } from "./metrics";
import type { StudyScore } from "./score-study";

/** Pan et al. 2021, 4-fold accuracy per level (the targets `discern eval` compares against). */
export const PAPER_LEVEL_ACCURACY: Record<TDiscLevel, number> = {
  "L1-L2": 0.927,
  "L2-L3": 0.844,
  "L3-L4": 0.921,
  "L4-L5": 0.904,
  "L5-S1": 0.842,
};

export interface EvalSummary {
  schema: "discern.eval/v1";
  studies: number;
  seeds: number[];
  /** Each proportion carries `hits` and its Wilson score 95% interval `ci` (lib/stats; null when n = 0). */
  vertebraLocalisation: { accuracy: number | null; n: number; hits: number; ci: TInterval | null };
  vertebraIoU: { mean: number | null; min: number | null };
  levelAccuracy: { accuracy: number | null; n: number; hits: number; ci: TInterval | null };
  roiAccuracy: { accuracy: number | null; n: number; hits: number; ci: TInterval | null; meanIoU: number | null };
  perLevel: { level: TDiscLevel; accuracy: number | null; n: number; hits: number; ci: TInterval | null; missed: number; notImaged: number; paper: number; confusion: TConfusion }[];
  classification: { accuracy: number | null; n: number; hits: number; ci: TInterval | null; confusion: TConfusion; labels: TDiagnosis[] };
  perClass: { diagnosis: TDiagnosis; sensitivity: number | null; specificity: number | null; n: number }[];
  meanStudyMs: number | null;
}

/** hits / n with n, hits and the Wilson 95% interval. */
function share(hits: number, n: number) {
  return { accuracy: ratio(hits, n), n, hits, ci: wilsonInterval(hits, n) };
}

/**
 * Adds study scores up. Per-level accuracy is over the levels the study images (an at-disc axial
 * slice exists) and counts an imaged level the pipeline gave no diagnosis as wrong (`missed`); sensitivity and specificity are one-vs-rest over the pooled confusion matrix
 * of the levels that were diagnosed.
 */
export function summarizeScores(scores: readonly StudyScore[]): EvalSummary {
  const sum = (f: (s: StudyScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const vIous = scores.flatMap((s) => s.vertebrae.ious);
  const rIous = scores.flatMap((s) => s.roi.ious);
  const pooled = emptyConfusion(DIAGNOSES.length);
  let missedAll = 0;
  const perLevel = DISC_LEVELS.map((level) => {
    const confusion = emptyConfusion(DIAGNOSES.length);
    let missed = 0;
    let notImaged = 0;
    for (const s of scores) {
      addConfusion(confusion, s.classification[level].confusion);
      missed += s.classification[level].missed;
      notImaged += s.classification[level].notImaged;
    }
    addConfusion(pooled, confusion);
    missedAll += missed;
    const n = confusionTotal(confusion) + missed;
    return { level, ...share(confusionTrace(confusion), n), missed, notImaged, paper: PAPER_LEVEL_ACCURACY[level], confusion };
  });
  const pooledN = confusionTotal(pooled) + missedAll;
  return {
    schema: "discern.eval/v1",
    studies: scores.length,
    seeds: scores.map((s) => s.seed),
    vertebraLocalisation: share(sum((s) => s.vertebrae.hits), sum((s) => s.vertebrae.n)),
    vertebraIoU: { mean: mean(vIous), min: vIous.length > 0 ? Math.min(...vIous) : null },
    levelAccuracy: share(sum((s) => s.levels.hits), sum((s) => s.levels.n)),
    roiAccuracy: { ...share(sum((s) => s.roi.hits), sum((s) => s.roi.n)), meanIoU: mean(rIous) },
    perLevel,
    classification: { ...share(confusionTrace(pooled), pooledN), confusion: pooled, labels: [...DIAGNOSES] },
    perClass: DIAGNOSES.map((diagnosis, k) => ({ diagnosis, ...sensitivitySpecificity(pooled, k), n: (pooled[k] ?? []).reduce((a, b) => a + b, 0) })),
    meanStudyMs: mean(scores.map((s) => s.totalMs)),
  };
}
