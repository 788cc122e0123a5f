import type { Box } from "../dicom/types";

/**
 * A detector's box clipped to the image `[0, width] × [0, height]` (image pixels, corner origin),
 * or null when less than `minSize` pixels of it remain on either axis (a degenerate or
 * off-image detection is no detection).
 */
export function clipBox(box: Box, width: number, height: number, minSize = 1): Box | null {
  const x0 = Math.max(0, Math.min(box[0], box[2]));
  const y0 = Math.max(0, Math.min(box[1], box[3]));
  const x1 = Math.min(width, Math.max(box[0], box[2]));
  const y1 = Math.min(height, Math.max(box[1], box[3]));
  if (box[2] - box[0] < minSize || box[3] - box[1] < minSize) return null;
  if (x1 - x0 < minSize || y1 - y0 < minSize) return null;
  return [x0, y0, x1, y1];
}
