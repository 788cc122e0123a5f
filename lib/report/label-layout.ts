/**
 * Vertical positions for text labels that must not overlap (the report's key-image labels): each
 * label wants its top at `wanted[i]` (pixels, y down) and is `height` tall; labels keep their
 * order, move down just enough to clear the one above, and the whole stack moves up if it would
 * pass `maxTop`. Returns the tops in the input's order. Labels never go above `minTop`; when the
 * stack cannot fit between minTop and maxTop it stays clear of overlap and runs past maxTop.
 */
export function separateLabels(wanted: readonly number[], height: number, minTop: number, maxTop: number): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const tops = order.map((o) => Math.max(minTop, o.y));
  for (let k = 1; k < tops.length; k++) tops[k] = Math.max(tops[k]!, tops[k - 1]! + height);
  const overflow = (tops[tops.length - 1] ?? maxTop) - maxTop;
  if (overflow > 0) {
    tops[tops.length - 1] = tops[tops.length - 1]! - overflow;
    for (let k = tops.length - 2; k >= 0; k--) tops[k] = Math.min(tops[k]!, tops[k + 1]! - height);
    const under = minTop - (tops[0] ?? minTop);
    if (under > 0) for (let k = 0; k < tops.length; k++) tops[k] = tops[k]! + under;
  }
  const out = new Array<number>(wanted.length);
  order.forEach((o, k) => (out[o.i] = tops[k]!));
  return out;
}
