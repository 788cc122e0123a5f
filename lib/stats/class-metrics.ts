import { assertSquare, matrixTotal } from "./confusion-matrix";
import type { TMatrix, TProportion } from "./types";
import { proportion } from "./wilson-interval";

export interface TClassMetrics {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
  /** TP / (TP + FN): of the subjects the reference puts in this class, the share the other rater did too. */
  sensitivity: TProportion;
  /** TN / (TN + FP). */
  specificity: TProportion;
  /** (TP + TN) / n: one-vs-rest accuracy of this class. */
  accuracy: TProportion;
}

export interface TClassReport<T extends string> {
  /** Overall accuracy: the diagonal over n (all classes at once). */
  accuracy: TProportion;
  perClass: Record<T, TClassMetrics>;
}

/**
 * One-vs-rest sensitivity, specificity and accuracy of every class, and overall accuracy, from a
 * confusion matrix whose rows are the reference (truth / final label) and columns the prediction.
 * Each proportion carries its Wilson 95% interval.
 */
export function classMetrics<T extends string>(matrix: TMatrix, categories: readonly T[]): TClassReport<T> {
  const k = assertSquare(matrix);
  if (k !== categories.length) throw new RangeError("classMetrics: one category per matrix row");
  const n = matrixTotal(matrix);
  let diagonal = 0;
  const perClass = {} as Record<T, TClassMetrics>;
  categories.forEach((category, c) => {
    const tp = matrix[c]![c]!;
    diagonal += tp;
    const rowTotal = matrix[c]!.reduce((s, v) => s + v, 0);
    const colTotal = matrix.reduce((s, row) => s + row[c]!, 0);
    const fn = rowTotal - tp;
    const fp = colTotal - tp;
    const tn = n - tp - fn - fp;
    perClass[category] = {
      tp,
      fn,
      fp,
      tn,
      sensitivity: proportion(tp, tp + fn),
      specificity: proportion(tn, tn + fp),
      accuracy: proportion(tp + tn, n),
    };
  });
  return { accuracy: proportion(diagonal, n), perClass };
}
