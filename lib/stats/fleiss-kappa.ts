import { bootstrapInterval, type BootstrapOptions } from "./bootstrap-interval";
import type { TInterval, TMatrix } from "./types";

export interface TFleissKappa {
  /** κ; null when undefined (no subjects, or every rating in one category). */
  kappa: number | null;
  /** Mean observed pairwise agreement P̄. */
  observed: number | null;
  /** Chance agreement P̄e = Σ_j p_j². */
  expected: number | null;
  /** Standard error under κ = 0 (Fleiss, Nee & Landis 1979, as R's irr::kappam.fleiss), for a z test. */
  seNull: number | null;
  /** Percentile bootstrap 95% interval over subjects (seeded; see bootstrapInterval). */
  ci: TInterval | null;
  subjects: number;
  /** Ratings per subject (the mean, when subjects have different numbers of ratings). */
  raters: number;
}

/**
 * Fleiss' κ (1971) for m_i ≥ 2 ratings per subject on k nominal categories. `counts[i][j]` is how
 * many raters put subject i in category j (the raters of different subjects need not be the same
 * people). Subjects may have different numbers of ratings (a double read has two, an adjudicated
 * one three): observed agreement is then pair-weighted — the share of agreeing ordered pairs of
 * ratings within subjects, Σᵢ Σⱼ nᵢⱼ(nᵢⱼ − 1) / Σᵢ mᵢ(mᵢ − 1) — and chance agreement uses the
 * pooled category shares pⱼ = Σᵢ nᵢⱼ / Σᵢ mᵢ; with a constant m both are exactly Fleiss (1971).
 *
 * Interval: BOOTSTRAP (percentile, subjects resampled with a seeded PRNG), because Fleiss' own
 * standard error holds only under κ = 0; that null SE (constant m only, else null) is returned
 * as `seNull` for testing.
 */
export function fleissKappa(counts: TMatrix, options: BootstrapOptions = {}): TFleissKappa {
  const subjects = counts.length;
  const sizes = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const raters = subjects === 0 ? 0 : sizes.reduce((s, v) => s + v, 0) / subjects;
  const none: TFleissKappa = { kappa: null, observed: null, expected: null, seNull: null, ci: null, subjects, raters };
  if (subjects === 0) return none;
  const k = counts[0]!.length;
  for (const row of counts) if (row.length !== k) throw new RangeError("fleissKappa: every subject needs the same categories");
  if (sizes.some((m) => m < 2)) throw new RangeError("fleissKappa: at least two ratings per subject");

  const point = estimate(counts, counts.map((_, i) => i), k);
  if (point.kappa === null) return { ...none, observed: point.observed, expected: point.expected };

  const constant = sizes.every((m) => m === sizes[0]);
  const p = point.p;
  const pq = p.reduce((s, pj) => s + pj * (1 - pj), 0);
  const pqqp = p.reduce((s, pj) => s + pj * (1 - pj) * (1 - 2 * pj), 0);
  const seNull = constant ? Math.sqrt((2 / (pq * pq * subjects * raters * (raters - 1))) * (pq * pq - pqqp)) : null;
  const ci = bootstrapInterval(subjects, (indices) => estimate(counts, indices, k).kappa, options);
  return { kappa: point.kappa, observed: point.observed, expected: point.expected, seNull, ci, subjects, raters };
}

function estimate(counts: TMatrix, indices: number[], k: number) {
  const totals = new Array<number>(k).fill(0);
  let agreeingPairs = 0;
  let pairs = 0;
  let ratings = 0;
  for (const i of indices) {
    const row = counts[i]!;
    let m = 0;
    for (let j = 0; j < k; j++) {
      totals[j]! += row[j]!;
      agreeingPairs += row[j]! * (row[j]! - 1);
      m += row[j]!;
    }
    pairs += m * (m - 1);
    ratings += m;
  }
  const p = totals.map((t) => t / ratings);
  const observed = agreeingPairs / pairs;
  const expected = p.reduce((s, pj) => s + pj * pj, 0);
  const kappa = 1 - expected < 1e-12 ? null : (observed - expected) / (1 - expected);
  return { kappa, observed, expected, p };
}

/** Turns per-subject rating lists (one label per rater) into Fleiss' subject × category counts. */
export function ratingCounts<T extends string>(ratings: ReadonlyArray<readonly T[]>, categories: readonly T[]): TMatrix {
  const index = new Map(categories.map((c, i) => [c, i]));
  return ratings.map((labels) => {
    const row = categories.map(() => 0);
    for (const label of labels) {
      const j = index.get(label);
      if (j === undefined) throw new RangeError(`ratingCounts: label outside the categories (${String(label)})`);
      row[j]! += 1;
    }
    return row;
  });
}
