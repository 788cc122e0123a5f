import { Z_95 } from "./normal-quantile";
import type { TInterval, TProportion } from "./types";

/**
 * Wilson score interval (Wilson 1927; Newcombe 1998 method 3, no continuity correction) for a
 * binomial proportion successes / n; null when n = 0. Stays inside [0, 1] and behaves at 0 and n
 * successes, where the Wald interval collapses; there the bound is exactly 0 (or 1), as the
 * formula gives in exact arithmetic (centre = half), not a rounding residue such as 3e-17.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): TInterval | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  if (successes < 0 || successes > n) throw new RangeError(`wilsonInterval: ${successes} successes out of ${n}`);
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { lower: successes === 0 ? 0 : Math.max(0, centre - half), upper: successes === n ? 1 : Math.min(1, centre + half) };
}

/** successes / n with its Wilson 95% interval; value and interval null when n = 0. */
export function proportion(successes: number, n: number): TProportion {
  return { value: n > 0 ? successes / n : null, successes, n, ci: wilsonInterval(successes, n) };
}
