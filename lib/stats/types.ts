/**
 * Shared shapes of lib/stats. A confusion matrix is square, counts[i][j] = number of subjects that
 * the row rater (the reference, e.g. the final label) put in category i and the column rater put
 * in category j; categories are in the caller's order (for diagnoses: normal < bulge < herniation).
 */
export type TMatrix = number[][];

/** A two-sided interval, both ends in the statistic's own units. */
export interface TInterval {
  lower: number;
  upper: number;
}

/** A point estimate with its 95% interval; `value` is null when the statistic is undefined (n = 0, …). */
export interface TProportion {
  /** Successes over trials; null when there are no trials. */
  value: number | null;
  successes: number;
  n: number;
  /** Wilson score 95% interval; null when n = 0. */
  ci: TInterval | null;
}
