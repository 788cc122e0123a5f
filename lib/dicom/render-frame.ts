import { PNG } from "pngjs";
import { dicomError } from "./dicom-error";
import type { DecodedFrame } from "./decode-frame";
import type { InstanceMeta } from "./types";
import { defaultWindow, type VoiWindow } from "./voi-window";

type TRenderMeta = Pick<InstanceMeta, "rescaleSlope" | "rescaleIntercept" | "windowCenter" | "windowWidth">;

/**
 * An 8-bit grayscale rendering of a frame (rows × columns bytes, row by row) for display:
 * modality LUT, then the linear VOI window of PS3.3 C.11.2.1.2 (the reader's, else
 * `defaultWindow`), then inversion for MONOCHROME1 so that bright always means dense/high signal.
 * Colour frames become luminance (RGB: Rec. 601 weights; YBR: the Y sample) without windowing.
 */
export function renderFrame8(frame: DecodedFrame, meta: TRenderMeta, window?: VoiWindow): Uint8Array {
  const pixelCount = frame.rows * frame.columns;
  const out = new Uint8Array(pixelCount);
  const { pixels } = frame;
  if (frame.samplesPerPixel === 3) {
    const scale = 255 / (2 ** frame.bitsStored - 1);
    const isYbr = frame.photometricInterpretation.startsWith("YBR");
    for (let p = 0, s = 0; p < pixelCount; p++, s += 3) {
      const y = isYbr ? pixels[s]! : 0.299 * pixels[s]! + 0.587 * pixels[s + 1]! + 0.114 * pixels[s + 2]!;
      out[p] = Math.round(Math.min(255, Math.max(0, y * scale)));
    }
    return out;
  }
  if (frame.samplesPerPixel !== 1) throw dicomError("UNSUPPORTED_DICOM", `A frame with ${frame.samplesPerPixel} samples per pixel cannot be rendered.`);
  const { center, width } = window ?? defaultWindow(meta, frame);
  const invert = frame.photometricInterpretation === "MONOCHROME1";
  // y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255, clamped; for w <= 1 a hard threshold at c - 0.5.
  const c = center - 0.5;
  const w = Math.max(width - 1, Number.EPSILON);
  const slope = meta.rescaleSlope;
  const intercept = meta.rescaleIntercept;
  for (let i = 0; i < pixelCount; i++) {
    const x = pixels[i]! * slope + intercept;
    const y = ((x - c) / w + 0.5) * 255;
    const v = y <= 0 ? 0 : y >= 255 ? 255 : Math.round(y);
    out[i] = invert ? 255 - v : v;
  }
  return out;
}

/** A grayscale PNG of an 8-bit rendering (see renderFrame8). */
export function encodeGrayPng(gray: Uint8Array, columns: number, rows: number): Buffer {
  if (gray.length !== columns * rows) throw new Error(`encodeGrayPng: ${gray.length} bytes for ${columns} × ${rows}`);
  const png = new PNG({ width: columns, height: rows, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  png.data = Buffer.from(gray.buffer, gray.byteOffset, gray.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
}

/** Raw 16-bit stored values of a monochrome frame, with what a client needs to window them itself. */
export interface RawFrame16 {
  rows: number;
  columns: number;
  pixels: Int16Array | Uint16Array;
  rescaleSlope: number;
  rescaleIntercept: number;
  window: VoiWindow;
  /** True for MONOCHROME1: the client inverts after windowing. */
  invert: boolean;
}

/**
 * A monochrome frame as 16-bit stored values plus window defaults, for client-side windowing.
 * 8-bit frames widen losslessly; 32-bit frames are refused (their values may not fit).
 */
export function rawFrame16(frame: DecodedFrame, meta: TRenderMeta): RawFrame16 {
  if (frame.samplesPerPixel !== 1) throw dicomError("UNSUPPORTED_DICOM", "Only monochrome frames have a raw 16-bit form.");
  const { pixels } = frame;
  let raw: Int16Array | Uint16Array;
  if (pixels instanceof Int16Array || pixels instanceof Uint16Array) raw = pixels;
  else if (pixels instanceof Int8Array) raw = Int16Array.from(pixels);
  else if (pixels instanceof Uint8Array) raw = Uint16Array.from(pixels);
  else throw dicomError("UNSUPPORTED_DICOM", "A 32-bit frame has no raw 16-bit form.");
  return {
    rows: frame.rows,
    columns: frame.columns,
    pixels: raw,
    rescaleSlope: meta.rescaleSlope,
    rescaleIntercept: meta.rescaleIntercept,
    window: defaultWindow(meta, frame),
    invert: frame.photometricInterpretation === "MONOCHROME1",
  };
}
