import type { Box } from "../dicom/types";
import type { TPreprocess } from "./manifest";
import { isStoredGreyFrame, sampleCoding, type StoredGreyFrame } from "./stored-frame";

/**
 * One grey frame ready for inference: stored values after the Modality LUT
 * (value * RescaleSlope + RescaleIntercept), row-major, `width` columns by `height` rows.
 */
export interface GreyFrame {
  width: number;
  height: number;
  pixels: ArrayLike<number>;
}

/** Column taps of a bilinear resample: left/right source columns and the right weight per output column. */
function columnTaps(x0: number, sx: number, w: number, outWidth: number): { xa: Int32Array; xb: Int32Array; fx: Float64Array } {
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
  return { xa, xb, fx };
}

/**
 * Bilinear resampling of `box` (image pixels, corner origin, x1/y1 exclusive) onto an
 * `outWidth` x `outHeight` grid with half-pixel centres and edge clamping, written into `out`
 * from `offset`. `box = [0, 0, width, height]` is a plain resize. Same arithmetic as
 * models/training/preprocess.py `resample`. A StoredGreyFrame is read from its stored samples
 * (resampleStoredInto): only the pixels the grid touches, never the whole frame.
 */
export function resampleInto(
  frame: GreyFrame,
  box: Box,
  outWidth: number,
  outHeight: number,
  out: Float32Array,
  offset = 0,
): void {
  if (isStoredGreyFrame(frame)) return resampleStoredInto(frame, box, outWidth, outHeight, out, offset);
  const { width: w, height: h, pixels } = frame;
  const [x0, y0, x1, y1] = box;
  const sx = (x1 - x0) / outWidth;
  const sy = (y1 - y0) / outHeight;
  const { xa, xb, fx } = columnTaps(x0, sx, w, outWidth);
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

/**
 * resampleInto over stored samples, fused: each tap is masked to Bits Stored and sign-extended,
 * the four are interpolated, and the Modality LUT (slope, intercept) is applied to the result.
 * The LUT is affine, so this equals resampling the rescaled frame (exactly when slope is 1 and
 * intercept 0; otherwise up to float32 rounding of the rescaled values, ~1e-7 relative).
 */
function resampleStoredInto(frame: StoredGreyFrame, box: Box, outWidth: number, outHeight: number, out: Float32Array, offset: number): void {
  const { width: w, height: h } = frame;
  const { data, slope, intercept } = frame.stored;
  const { mask, sign } = sampleCoding(frame.stored);
  const [x0, y0, x1, y1] = box;
  const sx = (x1 - x0) / outWidth;
  const sy = (y1 - y0) / outHeight;
  const { xa, xb, fx } = columnTaps(x0, sx, w, outWidth);
  for (let i = 0; i < outHeight; i++) {
    const y = Math.min(Math.max(y0 + (i + 0.5) * sy - 0.5, 0), h - 1);
    const ya = Math.floor(y);
    const fy = y - ya;
    const rowA = ya * w;
    const rowB = Math.min(ya + 1, h - 1) * w;
    const base = offset + i * outWidth;
    if (sign === 0) {
      // Unsigned samples (nearly every MR image): the mask alone; a loop of its own keeps it tight.
      for (let j = 0; j < outWidth; j++) {
        const a = xa[j] as number;
        const b = xb[j] as number;
        const f = fx[j] as number;
        const top = ((data[rowA + a] as number) & mask) * (1 - f) + ((data[rowA + b] as number) & mask) * f;
        const bottom = ((data[rowB + a] as number) & mask) * (1 - f) + ((data[rowB + b] as number) & mask) * f;
        out[base + j] = (top * (1 - fy) + bottom * fy) * slope + intercept;
      }
      continue;
    }
    for (let j = 0; j < outWidth; j++) {
      const a = xa[j] as number;
      const b = xb[j] as number;
      const f = fx[j] as number;
      const ta = ((((data[rowA + a] as number) & mask) ^ sign) - sign) * (1 - f);
      const tb = ((((data[rowA + b] as number) & mask) ^ sign) - sign) * f;
      const ba = ((((data[rowB + a] as number) & mask) ^ sign) - sign) * (1 - f);
      const bb = ((((data[rowB + b] as number) & mask) ^ sign) - sign) * f;
      out[base + j] = ((ta + tb) * (1 - fy) + (ba + bb) * fy) * slope + intercept;
    }
  }
}

/**
 * Float32 bits → an unsigned key in the order of the values (IEEE 754: negatives have all bits
 * flipped, positives only the sign bit), so that −0 sorts before +0 as Float32Array.sort does.
 */
const sortKey = (bits: number) => (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;

/** The float32 value of an order-preserving key (sortKey's inverse). */
const KEY_BITS = new Uint32Array(1);
const KEY_VALUE = new Float32Array(KEY_BITS.buffer);
function valueOfKey(key: number): number {
  KEY_BITS[0] = key & 0x80000000 ? key & 0x7fffffff : ~key >>> 0;
  return KEY_VALUE[0] as number;
}

/**
 * Histograms of the key's three digits, most significant first: 11 + 11 + 10 bits. Small ones
 * (2 Ki buckets) cost little to clear and scan, which a 16-bit digit's 64 Ki buckets did (most of
 * the time on a 160 × 160 plane); the price is a third pass over the plane.
 */
const HIST_A = new Uint32Array(2048);
const HIST_B = new Uint32Array(2048);

/** The digit at ascending rank `rank` among `hist`'s first `size` counts, with the rank left inside it. */
function digitAt(hist: Uint32Array, size: number, rank: number): { digit: number; rest: number } {
  let seen = 0;
  for (let d = 0; d < size; d++) {
    const c = hist[d] as number;
    if (rank < seen + c) return { digit: d, rest: rank - seen };
    seen += c;
  }
  throw new RangeError("rank outside the histogram");
}

/**
 * The `low` and `high` percentiles (0–100) of `values` by the contract's lower-index rule: the
 * ascending order's v[floor(p / 100 · (n − 1))] (numpy's `method="lower"`), no interpolation,
 * of the values as float32. Exact selection by radix over the order-preserving float32 key
 * (three digits, both ranks in the same passes: no sort, no copy of a Float32Array). The input
 * is left as it is. Throws on an empty array.
 */
export function percentiles(values: ArrayLike<number>, low: number, high: number): [number, number] {
  const n = values.length;
  if (n === 0) throw new RangeError("percentiles of an empty plane");
  const plane = values instanceof Float32Array ? values : Float32Array.from(values);
  const bits = new Uint32Array(plane.buffer, plane.byteOffset, n);
  const index = (p: number) => Math.min(n - 1, Math.max(0, Math.floor((p / 100) * (n - 1))));
  // Digit 1 (bits 31–21): one histogram serves both ranks.
  HIST_A.fill(0);
  for (let i = 0; i < n; i++) {
    const d = sortKey(bits[i] as number) >>> 21;
    HIST_A[d] = (HIST_A[d] as number) + 1;
  }
  const a1 = digitAt(HIST_A, 2048, index(low));
  const b1 = digitAt(HIST_A, 2048, index(high));
  // Digit 2 (bits 20–10) among the keys of each rank's first digit.
  HIST_A.fill(0);
  HIST_B.fill(0);
  for (let i = 0; i < n; i++) {
    const key = sortKey(bits[i] as number);
    const head = key >>> 21;
    const d = (key >>> 10) & 2047;
    if (head === a1.digit) HIST_A[d] = (HIST_A[d] as number) + 1;
    if (head === b1.digit) HIST_B[d] = (HIST_B[d] as number) + 1;
  }
  const a2 = digitAt(HIST_A, 2048, a1.rest);
  const b2 = digitAt(HIST_B, 2048, b1.rest);
  const prefixA = a1.digit * 2048 + a2.digit;
  const prefixB = b1.digit * 2048 + b2.digit;
  // Digit 3 (bits 9–0) among the keys of each rank's first two digits.
  HIST_A.fill(0, 0, 1024);
  HIST_B.fill(0, 0, 1024);
  for (let i = 0; i < n; i++) {
    const key = sortKey(bits[i] as number);
    const head = key >>> 10;
    const d = key & 1023;
    if (head === prefixA) HIST_A[d] = (HIST_A[d] as number) + 1;
    if (head === prefixB) HIST_B[d] = (HIST_B[d] as number) + 1;
  }
  const keyA = (prefixA * 1024 + digitAt(HIST_A, 1024, a2.rest).digit) >>> 0;
  const keyB = (prefixB * 1024 + digitAt(HIST_B, 1024, b2.rest).digit) >>> 0;
  return [valueOfKey(keyA), valueOfKey(keyB)];
}

/**
 * The source box that the manifest's `resample.region` reads from a `width` x `height` frame
 * (image pixels, corner origin, x1/y1 exclusive): the whole frame for "full-image", the given
 * `roi` for "roi-box", and for "centered-square" the square of side s = max(W, H) centred on the
 * frame, [W/2 − s/2, H/2 − s/2, W/2 + s/2, H/2 + s/2] (AI-CONTRACT.md); pixels outside the frame
 * are read by edge clamping. Throws when "roi-box" has no box.
 */
export function sourceBox(region: TPreprocess["resample"]["region"], width: number, height: number, roi?: Box): Box {
  if (region === "roi-box") {
    if (!roi) throw new RangeError("the roi-box region needs a box");
    return roi;
  }
  if (region === "centered-square") {
    const s = Math.max(width, height);
    return [width / 2 - s / 2, height / 2 - s / 2, width / 2 + s / 2, height / 2 + s / 2];
  }
  return roi ?? [0, 0, width, height];
}

/**
 * How a detector's model-input pixels map back to a `width` x `height` frame's pixels for the
 * manifest's region: x_src = x0 + x_in · (x1 − x0) / inputWidth, likewise for y, with
 * [x0, y0, x1, y1] = sourceBox (AI-CONTRACT.md). Not for "roi-box" (crops carry their own box).
 */
export function inputToSourceMap(resample: TPreprocess["resample"], width: number, height: number): { scaleX: number; scaleY: number; originX: number; originY: number } {
  const [x0, y0, x1, y1] = sourceBox(resample.region === "centered-square" ? "centered-square" : "full-image", width, height);
  return { scaleX: (x1 - x0) / resample.width, scaleY: (y1 - y0) / resample.height, originX: x0, originY: y0 };
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
  if (normalize.method === "percentile-clip") {
    const [lo, hi] = percentiles(out.subarray(offset, end), normalize.low, normalize.high);
    const scale = 1 / (hi - lo + normalize.eps);
    for (let k = offset; k < end; k++) out[k] = (Math.min(Math.max(out[k] as number, lo), hi) - lo) * scale;
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
 * `offset` of `out`: resample the region's source box (see sourceBox: `box` for "roi-box", the
 * centred square for "centered-square", else `box` or the whole frame), then normalise.
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
  const region = preprocess.resample.region === "centered-square" ? "centered-square" : "full-image";
  resampleInto(frame, box ?? sourceBox(region, frame.width, frame.height), width, height, out, offset);
  normalizeInPlace(preprocess.normalize, out, offset, plane);
  for (let c = 1; c < channels; c++) out.copyWithin(offset + c * plane, offset, offset + plane);
}
