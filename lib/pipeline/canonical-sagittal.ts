import type { Box, ImageGeometry } from "../dicom/types";
import type { GreyFrame } from "../inference/preprocess";

/** A sagittal frame shown the way a reader looks at it, and the way back for boxes. */
export interface CanonicalSagittal {
  /** Head at the top, anterior on the left (rows run head → feet, columns anterior → posterior). */
  frame: GreyFrame;
  /** A box on `frame` (pixels, corner origin) as a box on the source frame. */
  toSource: (box: Box) => Box;
  /** What was done: transposed, then flipped left–right and/or top–bottom. */
  ops: { transpose: boolean; flipH: boolean; flipV: boolean };
}

/**
 * Reorients a sagittal frame to the radiological display (head up, anterior left) from its
 * geometry alone, by exact pixel moves (transpose and flips; no resampling): an image stored
 * feet-up, mirrored or transposed reaches the detector as the images it was trained on look.
 * The axis whose direction cosine has the larger |z| becomes the rows; then rows are flipped when
 * they run towards the head (+z in LPS) and columns when they run anteriorly (−y in LPS).
 */
export function canonicalSagittal(frame: GreyFrame, geometry: Pick<ImageGeometry, "rowCosines" | "columnCosines">): CanonicalSagittal {
  const r = geometry.rowCosines; // direction of increasing column index
  const c = geometry.columnCosines; // direction of increasing row index
  const transpose = Math.abs(r[2]) > Math.abs(c[2]);
  // After a transpose, the new rows run along r and the new columns along c.
  const down = transpose ? r : c;
  const across = transpose ? c : r;
  const flipV = down[2] > 0;
  const flipH = across[1] < 0;
  const ops = { transpose, flipH, flipV };
  if (!transpose && !flipH && !flipV) return { frame, toSource: (b) => b, ops };

  const w = transpose ? frame.height : frame.width;
  const h = transpose ? frame.width : frame.height;
  const out = new Float32Array(w * h);
  const src = frame.pixels;
  for (let i = 0; i < h; i++) {
    const si = flipV ? h - 1 - i : i;
    for (let j = 0; j < w; j++) {
      const sj = flipH ? w - 1 - j : j;
      // (si, sj) in the transposed-unflipped grid; the source pixel is (sj, si) when transposed.
      out[i * w + j] = (transpose ? src[sj * frame.width + si] : src[si * frame.width + sj]) as number;
    }
  }
  const toSource = (b: Box): Box => {
    const x0 = flipH ? w - b[2] : b[0];
    const x1 = flipH ? w - b[0] : b[2];
    const y0 = flipV ? h - b[3] : b[1];
    const y1 = flipV ? h - b[1] : b[3];
    return transpose ? [y0, x0, y1, x1] : [x0, y0, x1, y1];
  };
  return { frame: { width: w, height: h, pixels: out }, toSource, ops };
}
