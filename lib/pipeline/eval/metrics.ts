import type { Box, Point2 } from "../../dicom/types";

/**
 * Pure scoring arithmetic for `discern eval`. Boxes are `[x0, y0, x1, y1]` image pixels (corner
 * origin, x1/y1 exclusive); confusion matrices are rows = truth, columns = prediction.
 */

export { boxIou } from "../../geometry/box-iou";

export function boxCenter(b: Box): Point2 {
  return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
}

/** Whether a point lies inside a box (x0 ≤ x < x1, y0 ≤ y < y1). */
export function boxContains(b: Box, p: Point2): boolean {
  return p[0] >= b[0] && p[0] < b[2] && p[1] >= b[1] && p[1] < b[3];
}

/** hits / n, or null when there is nothing to count. */
export function ratio(hits: number, n: number): number | null {
  return n > 0 ? hits / n : null;
}

export type TConfusion = number[][];

export function emptyConfusion(k: number): TConfusion {
  return Array.from({ length: k }, () => Array.from({ length: k }, () => 0));
}

export function addConfusion(into: TConfusion, from: TConfusion): TConfusion {
  from.forEach((row, i) => row.forEach((v, j) => (into[i]![j]! += v)));
  return into;
}

export function confusionTotal(m: TConfusion): number {
  return m.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
}

/** Items on the diagonal (correct). */
export function confusionTrace(m: TConfusion): number {
  return m.reduce((s, row, i) => s + (row[i] ?? 0), 0);
}

/** Trace over total: the share of items on the diagonal; null for an empty matrix. */
export function confusionAccuracy(m: TConfusion): number | null {
  return ratio(confusionTrace(m), confusionTotal(m));
}

/**
 * One-vs-rest sensitivity (TP / (TP + FN): truth row) and specificity (TN / (TN + FP)) of class
 * `k`; null where the denominator is 0.
 */
export function sensitivitySpecificity(m: TConfusion, k: number): { sensitivity: number | null; specificity: number | null } {
  const total = confusionTotal(m);
  const tp = m[k]?.[k] ?? 0;
  const truthK = (m[k] ?? []).reduce((a, b) => a + b, 0);
  const predK = m.reduce((s, row) => s + (row[k] ?? 0), 0);
  const fn = truthK - tp;
  const fp = predK - tp;
  const tn = total - tp - fn - fp;
  return { sensitivity: ratio(tp, tp + fn), specificity: ratio(tn, tn + fp) };
}

export function mean(xs: readonly number[]): number | null {
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
