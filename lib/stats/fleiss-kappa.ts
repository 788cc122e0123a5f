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
  raters: number;
}

/**
 * Fleiss' κ (1971) for m ≥ 2 ratings per subject on k nominal categories. `counts[i][j]` is how
 * many raters put subject i in category j; every row must sum to the same m (the raters of
 * different subjects need not be the same people).
 *
 * Interval: BOOTSTRAP (percentile, subjects resampled with a seeded PRNG), because Fleiss' own
 * standard error holds only under κ = 0; that null SE is returned as `seNull` for testing.
 */
export function fleissKappa(counts: TMatrix, options: BootstrapOptions = {}): TFleissKappa {
  const subjects = counts.length;
  const raters = counts[0]?.reduce((s, v) => s + v, 0) ?? 0;
  const none: TFleissKappa = { kappa: null, observed: null, expected: null, seNull: null, ci: null, subjects, raters };
  if (subjects === 0) return none;
  const k = counts[0]!.length;
  for (const row of counts) {
    if (row.length !== k) throw new RangeError("fleissKappa: every subject needs the same categories");
    if (row.reduce((s, v) => s + v, 0) !== raters) throw new RangeError("fleissKappa: every subject needs the same number of ratings");
  }
  if (raters < 2) throw new RangeError("fleissKappa: at least two ratings per subject");

  const point = estimate(counts, counts.map((_, i) => i), raters, k);
  if (point.kappa === null) return { ...none, observed: point.observed, expected: point.expected };

  const p = point.p;
  const pq = p.reduce((s, pj) => s + pj * (1 - pj), 0);
  const pqqp = p.reduce((s, pj) => s + pj * (1 - pj) * (1 - 2 * pj), 0);
  const seNull = Math.sqrt((2 / (pq * pq * subjects * raters * (raters - 1))) * (pq * pq - pqqp));
  const ci = bootstrapInterval(subjects, (indices) => estimate(counts, indices, raters, k).kappa, options);
  return { kappa: point.kappa, observed: point.observed, expected: point.expected, seNull, ci, subjects, raters };
}

function estimate(counts: TMatrix, indices: number[], m: number, k: number) {
  const n = indices.length;
  const totals = new Array<number>(k).fill(0);
  let agreement = 0;
  for (const i of indices) {
    const row = counts[i]!;
    let squares = 0;
    for (let j = 0; j < k; j++) {
      totals[j]! += row[j]!;
      squares += row[j]! * row[j]!;
    }
    agreement += (squares - m) / (m * (m - 1));
  }
  const p = totals.map((t) => t / (n * m));
  const observed = agreement / n;
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
