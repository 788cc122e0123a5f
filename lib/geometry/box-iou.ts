/** `[x0, y0, x1, y1]` in one image's pixels (x = column, corner origin, x1/y1 exclusive). */
export type TBox = readonly [number, number, number, number];

/**
 * Intersection over union of two axis-aligned boxes in the same image's pixel grid (unitless,
 * 0..1). Empty or inverted boxes count as area 0; two of them give 0, not NaN. The one IoU of the
 * project: inference (duplicate suppression), eval (ROI accuracy) and statistics use it.
 */
export function boxIou(a: TBox, b: TBox): number {
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const intersection = iw * ih;
  const area = (box: TBox) => Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
  const union = area(a) + area(b) - intersection;
  return union > 0 ? intersection / union : 0;
}
