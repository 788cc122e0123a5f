import type { TInterval } from "../stats";

/**
 * Below this many rated subjects (pairs for Cohen's κ, (study, level) subjects for Fleiss' κ) the
 * dashboard shows no κ and no interval, only the reason (issue 12.7). With n < 10 the 95%
 * interval of κ typically spans more than half of [−1, 1] (with n = 5 and κ near 0.6 the
 * analytic interval is about ±0.6), so a point value would mislead more than inform.
 */
export const MIN_KAPPA_SUBJECTS = 10;

export type TGatedKappa<T> = T & {
  /** Why κ and its interval are not shown (too few subjects); null when they are. */
  withheld: string | null;
};

/**
 * Hides κ, its standard error and its interval (observed and expected agreement stay) when `n`
 * is below MIN_KAPPA_SUBJECTS, with the reason as one sentence.
 */
export function gateKappa<T extends { kappa: number | null; ci: TInterval | null }>(k: T, n: number, unit: string): TGatedKappa<T> {
  if (n >= MIN_KAPPA_SUBJECTS) return { ...k, withheld: null };
  const hidden = { ...k, kappa: null, ci: null } as T;
  if ("se" in hidden) (hidden as { se: number | null }).se = null;
  return { ...hidden, withheld: `Not shown: ${n} ${unit}, fewer than the ${MIN_KAPPA_SUBJECTS} needed for a meaningful κ.` };
}
