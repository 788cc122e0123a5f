import { mulberry32 } from "./prng";
import { quantileSorted } from "./quantile";
import type { TInterval } from "./types";

export interface BootstrapOptions {
  /** Number of resamples; default 2000. */
  resamples?: number;
  /** PRNG seed; default 20260101, so the same data always gives the same interval. */
  seed?: number;
}

/**
 * Percentile bootstrap 95% interval of a statistic over n subjects: resamples subject indices
 * with replacement (seeded mulberry32), evaluates `statistic(indices)`, and takes the 2.5% and
 * 97.5% quantiles of the finite results. Null when n = 0 or no resample gave a finite value.
 */
export function bootstrapInterval(n: number, statistic: (indices: number[]) => number | null, options: BootstrapOptions = {}): TInterval | null {
  if (n <= 0) return null;
  const random = mulberry32(options.seed ?? 20260101);
  const resamples = options.resamples ?? 2000;
  const values: number[] = [];
  const indices = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(random() * n);
    const value = statistic(indices);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return { lower: quantileSorted(values, 0.025)!, upper: quantileSorted(values, 0.975)! };
}
