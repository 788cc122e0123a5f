import { assertSquare, matrixTotal } from "./confusion-matrix";
import { kappaWeights, type TKappaWeighting } from "./kappa-weights";
import { Z_95 } from "./normal-quantile";
import type { TInterval, TMatrix } from "./types";

export interface TKappa {
  /** κ; null when undefined (no subjects, or chance agreement is 1: both raters used one category). */
  kappa: number | null;
  /** Observed (weighted) agreement p_o. */
  observed: number | null;
  /** Chance-expected (weighted) agreement p_e from the two raters' own marginals. */
  expected: number | null;
  /** Large-sample standard error (non-null hypothesis); null where κ is undefined. */
  se: number | null;
  /** κ ± 1.96·se, clipped to [−1, 1]; null where κ is undefined. */
  ci: TInterval | null;
  n: number;
}

export interface CohenKappaOptions {
  /** "none" (default) for unweighted κ, "linear" for the ordinal scale, or explicit agreement weights (1 on the diagonal). */
  weights?: TKappaWeighting | number[][];
}

/**
 * Cohen's κ (1960) or weighted κ (Cohen 1968) of a k × k confusion matrix (rows: rater A,
 * columns: rater B), κ = (p_o − p_e) / (1 − p_e) with agreement weights w_ij.
 *
 * Interval: ANALYTIC, not bootstrap — the large-sample variance of Fleiss, Cohen & Everitt (1969)
 * (Psychol Bull 72:323–327), with w̄_i. = Σ_j p_.j w_ij and w̄_.j = Σ_i p_i. w_ij:
 *   var(κ) = [Σ_ij p_ij (w_ij (1 − p_e) − (w̄_i. + w̄_.j)(1 − p_o))² − (p_o p_e − 2 p_e + p_o)²] / (n (1 − p_e)⁴)
 * which reduces to the unweighted formula for identity weights. The Wald interval κ ± 1.96·se is
 * only indicative for small n; it is clipped to [−1, 1].
 */
export function cohenKappa(matrix: TMatrix, options: CohenKappaOptions = {}): TKappa {
  const k = assertSquare(matrix);
  const n = matrixTotal(matrix);
  const none: TKappa = { kappa: null, observed: null, expected: null, se: null, ci: null, n };
  if (n === 0) return none;
  const w = Array.isArray(options.weights) ? options.weights : kappaWeights(k, options.weights ?? "none");
  if (w.length !== k || w.some((row) => row.length !== k)) throw new RangeError("cohenKappa: weights must be k × k");

  const p = matrix.map((row) => row.map((v) => v / n));
  const rows = p.map((row) => row.reduce((s, v) => s + v, 0));
  const cols = Array.from({ length: k }, (_, j) => p.reduce((s, row) => s + row[j]!, 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += w[i]![j]! * p[i]![j]!;
      expected += w[i]![j]! * rows[i]! * cols[j]!;
    }
  }
  // Chance agreement of 1 leaves κ undefined (0/0 or x/0); say so rather than return NaN.
  if (1 - expected < 1e-12) return { ...none, observed, expected };
  const kappa = (observed - expected) / (1 - expected);

  const wRow = Array.from({ length: k }, (_, i) => w[i]!.reduce((s, wij, j) => s + wij * cols[j]!, 0));
  const wCol = Array.from({ length: k }, (_, j) => w.reduce((s, row, i) => s + row[j]! * rows[i]!, 0));
  let sum = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const term = w[i]![j]! * (1 - expected) - (wRow[i]! + wCol[j]!) * (1 - observed);
      sum += p[i]![j]! * term * term;
    }
  }
  const correction = observed * expected - 2 * expected + observed;
  const variance = Math.max(0, (sum - correction * correction) / (n * (1 - expected) ** 4));
  const se = Math.sqrt(variance);
  const ci = { lower: Math.max(-1, kappa - Z_95 * se), upper: Math.min(1, kappa + Z_95 * se) };
  return { kappa, observed, expected, se, ci, n };
}
