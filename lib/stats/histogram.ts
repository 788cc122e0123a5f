export interface THistogramBin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge, except the last bin, which includes `max`. */
  to: number;
  count: number;
}

/**
 * Equal-width histogram of values over [min, max] (default [0, 1], the IoU range) in `bins` bins;
 * values outside the range are clamped into the end bins.
 */
export function histogram(values: readonly number[], bins = 10, min = 0, max = 1): THistogramBin[] {
  const width = (max - min) / bins;
  const result = Array.from({ length: bins }, (_, i) => ({ from: min + i * width, to: min + (i + 1) * width, count: 0 }));
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)));
    result[i]!.count += 1;
  }
  return result;
}
