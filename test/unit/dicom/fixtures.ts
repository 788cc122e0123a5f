import { readFileSync } from "node:fs";
import path from "node:path";
import { decodeFrame, readInstance, type DecodedFrame, type ParsedInstance } from "@/lib/dicom";

export const FIXTURES = path.resolve(__dirname, "../../fixtures/dicom");

export function fixture(relative: string): Buffer {
  return readFileSync(path.join(FIXTURES, relative));
}

export function readFixture(relative: string): ParsedInstance {
  return readInstance(fixture(relative), { allowMissingStudyUids: true });
}

export async function decodeAll(instance: ParsedInstance): Promise<DecodedFrame[]> {
  const frames: DecodedFrame[] = [];
  for (let i = 0; i < instance.meta.frames; i++) frames.push(await decodeFrame(instance, i));
  return frames;
}

/** Modality values (stored × slope + intercept) of every sample of every frame. */
export async function modalityValues(relative: string): Promise<Float64Array> {
  const instance = readFixture(relative);
  const frames = await decodeAll(instance);
  const out = new Float64Array(frames.reduce((n, f) => n + f.pixels.length, 0));
  let at = 0;
  for (const frame of frames) {
    for (const value of frame.pixels) out[at++] = value * instance.meta.rescaleSlope + instance.meta.rescaleIntercept;
  }
  return out;
}

export function meanAbsoluteError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

export function maxAbsoluteError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Pearson correlation: 1 for images equal up to a linear map of intensities. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
