import type { Box } from "../dicom/types";
import type { TPreprocess } from "./manifest";

/**
 * One grey frame ready for inference: stored values after the Modality LUT
 * (value * RescaleSlope + RescaleIntercept), row-major, `width` columns by `height` rows.
 */
export interface GreyFrame {
  width: number;
  height: number;
  pixels: ArrayLike<number>;
}

/**
 * Bilinear resampling of `box` (image pixels, corner origin, x1/y1 exclusive) onto an
 * `outWidth` x `outHeight` grid with half-pixel centres and edge clamping, written into `out`
 * from `offset`. `box = [0, 0, width, height]` is a plain resize. Same arithmetic as
 * models/training/preprocess.py `resample`.
 */
export function resampleInto(
  frame: GreyFrame,
  box: Box,
  outWidth: number,
  outHeight: number,
  out: Float32Array,
  offset = 0,
): void {
  const { width: w, height: h, pixels } = frame;
  const [x0, y0, x1, y1] = box;
  const sx = (x1 - x0) / outWidth;
  const sy = (y1 - y0) / outHeight;
  const xa = new Int32Array(outWidth);
  const xb = new Int32Array(outWidth);
  const fx = new Float64Array(outWidth);
  for (let j = 0; j < outWidth; j++) {
    const x = Math.min(Math.max(x0 + (j + 0.5) * sx - 0.5, 0), w - 1);
    const a = Math.floor(x);
    xa[j] = a;
    xb[j] = Math.min(a + 1, w - 1);
    fx[j] = x - a;
  }
  for (let i = 0; i < outHeight; i++) {
    const y = Math.min(Math.max(y0 + (i + 0.5) * sy - 0.5, 0), h - 1);
    const ya = Math.floor(y);
    const fy = y - ya;
    const rowA = ya * w;
    const rowB = Math.min(ya + 1, h - 1) * w;
    const base = offset + i * outWidth;
    for (let j = 0; j < outWidth; j++) {
      const a = xa[j] as number;
      const b = xb[j] as number;
      const f = fx[j] as number;
      const top = (pixels[rowA + a] as number) * (1 - f) + (pixels[rowA + b] as number) * f;
      const bottom = (pixels[rowB + a] as number) * (1 - f) + (pixels[rowB + b] as number) * f;
      out[base + j] = top * (1 - fy) + bottom * fy;
    }
  }
}

/** Normalises `out[offset, offset + length)` in place as the manifest says. */
export function normalizeInPlace(
  normalize: TPreprocess["normalize"],
  out: Float32Array,
  offset: number,
  length: number,
): void {
  const end = offset + length;
  if (normalize.method === "affine") {
    for (let k = offset; k < end; k++) out[k] = (out[k] as number) * normalize.scale + normalize.offset;
    return;
  }
  if (normalize.method === "minmax") {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = offset; k < end; k++) {
      const v = out[k] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const scale = 1 / (hi - lo + normalize.eps);
    for (let k = offset; k < end; k++) out[k] = ((out[k] as number) - lo) * scale;
    return;
  }
  let sum = 0;
  for (let k = offset; k < end; k++) sum += out[k] as number;
  const mean = sum / length;
  let sq = 0;
  for (let k = offset; k < end; k++) {
    const d = (out[k] as number) - mean;
    sq += d * d;
  }
  const scale = 1 / (Math.sqrt(sq / length) + normalize.eps);
  for (let k = offset; k < end; k++) out[k] = ((out[k] as number) - mean) * scale;
}

/**
 * Writes one model input (all `channels` planes, grey copied into each) for `frame` at
 * `offset` of `out`: resample `box` (the whole frame when absent), then normalise.
 */
export function prepareInto(
  preprocess: TPreprocess,
  channels: number,
  frame: GreyFrame,
  box: Box | undefined,
  out: Float32Array,
  offset: number,
): void {
  const { width, height } = preprocess.resample;
  const plane = width * height;
  resampleInto(frame, box ?? [0, 0, frame.width, frame.height], width, height, out, offset);
  normalizeInPlace(preprocess.normalize, out, offset, plane);
  for (let c = 1; c < channels; c++) out.copyWithin(offset + c * plane, offset, offset + plane);
}
