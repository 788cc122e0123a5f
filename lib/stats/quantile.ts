/**
 * The q-quantile (0 ≤ q ≤ 1) of already sorted values by linear interpolation between order
 * statistics (Hyndman & Fan type 7, the default of R and NumPy); null for no values.
 */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (h - lo) * (b - a);
}
