import { quantileSorted } from "./quantile";

export interface TDistributionSummary {
  n: number;
  mean: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

/** n, mean, min, quartiles (type 7 interpolation) and max of a sample; nulls for an empty one. */
export function distributionSummary(values: readonly number[]): TDistributionSummary {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    mean: n ? sorted.reduce((s, v) => s + v, 0) / n : null,
    min: n ? sorted[0]! : null,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max: n ? sorted[n - 1]! : null,
  };
}
