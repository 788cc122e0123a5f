import type { DataSet } from "dicom-parser";
import { dicomError } from "./dicom-error";
import type { InstanceMeta } from "./types";

/** Raw sample bytes of one native frame, in file byte order, with how to read them. */
export interface NativeFrameBytes {
  bytes: Uint8Array;
  bytesPerSample: number;
  littleEndian: boolean;
  /** Samples after unpacking: rows × columns × samples (YBR_FULL_422 already expanded). */
  sampleCount: number;
}

/**
 * Cuts one frame out of native (uncompressed) pixel data and undoes the storage layouts that are
 * not "interleaved samples": 1-bit packing, planar configuration 1, YBR_FULL_422 chroma sharing,
 * and 8-bit samples in an OW element of a big-endian file (stored byte-swapped in 16-bit words).
 */
export function readNativeFrame(dataSet: DataSet, meta: InstanceMeta, frameIndex: number, littleEndian: boolean): NativeFrameBytes {
  const element = dataSet.elements.x7fe00010;
  if (!element) throw dicomError("INVALID_DICOM", "The file has no pixel data.");
  const { rows, columns, samplesPerPixel, bitsAllocated } = meta;
  const pixels = rows * columns;
  const sampleCount = pixels * samplesPerPixel;
  const data = dataSet.byteArray;
  const end = element.dataOffset + Math.min(element.length, data.length - element.dataOffset);

  if (bitsAllocated === 1) {
    const firstBit = frameIndex * sampleCount;
    const out = new Uint8Array(sampleCount);
    for (let i = 0; i < sampleCount; i++) {
      const bit = firstBit + i;
      const at = element.dataOffset + (bit >>> 3);
      if (at >= end) throw dicomError("INVALID_DICOM", "The pixel data ends before the last frame.");
      out[i] = (data[at]! >> (bit & 7)) & 1;
    }
    return { bytes: out, bytesPerSample: 1, littleEndian: true, sampleCount };
  }

  const bytesPerSample = bitsAllocated / 8;
  const is422 = meta.photometricInterpretation === "YBR_FULL_422" && samplesPerPixel === 3;
  const storedSamples = is422 ? pixels * 2 : sampleCount;
  const frameBytes = storedSamples * bytesPerSample;
  const start = element.dataOffset + frameIndex * frameBytes;
  if (start + frameBytes > end) throw dicomError("INVALID_DICOM", "The pixel data ends before the last frame.");
  let bytes: Uint8Array = data.subarray(start, start + frameBytes);

  if (!littleEndian && bytesPerSample > 1 && element.vr === "OB") {
    // OB is a byte stream that big endian does not reorder (PS3.5 7.3), yet samples wider than a
    // byte must be OW there; which order such bytes are in cannot be known, so no guess is shown.
    throw dicomError("UNSUPPORTED_DICOM", `The big-endian pixel data holds ${bitsAllocated}-bit samples as OB (bytes), whose byte order is undefined; the pixels cannot be trusted.`);
  }
  if (!littleEndian && bytesPerSample === 1 && element.vr === "OW") {
    // Swap whole 16-bit words of the element, then cut the frame out again (odd sizes and offsets).
    const wordStart = start - ((start - element.dataOffset) & 1);
    const wordEnd = Math.min(end, start + frameBytes + 1);
    bytes = swapPairs(data.subarray(wordStart, wordEnd)).subarray(start - wordStart, start - wordStart + frameBytes);
  }
  if (is422) bytes = expand422(bytes, pixels, bytesPerSample);
  else if (samplesPerPixel === 3 && dataSet.uint16("x00280006") === 1) bytes = interleavePlanes(bytes, pixels, bytesPerSample);
  return { bytes, bytesPerSample, littleEndian, sampleCount };
}

function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

/** Y0 Y1 Cb Cr (two pixels sharing chroma) → Y0 Cb Cr Y1 Cb Cr. */
function expand422(bytes: Uint8Array, pixels: number, size: number): Uint8Array {
  const out = new Uint8Array(pixels * 3 * size);
  for (let p = 0; p < pixels; p += 2) {
    const src = p * 2 * size;
    const y0 = bytes.subarray(src, src + size);
    const y1 = bytes.subarray(src + size, src + 2 * size);
    const cb = bytes.subarray(src + 2 * size, src + 3 * size);
    const cr = bytes.subarray(src + 3 * size, src + 4 * size);
    out.set(y0, p * 3 * size);
    out.set(cb, (p * 3 + 1) * size);
    out.set(cr, (p * 3 + 2) * size);
    if (p + 1 < pixels) {
      out.set(y1, (p + 1) * 3 * size);
      out.set(cb, ((p + 1) * 3 + 1) * size);
      out.set(cr, ((p + 1) * 3 + 2) * size);
    }
  }
  return out;
}

/** RRR…GGG…BBB… → RGBRGB… */
export function interleavePlanes(bytes: Uint8Array, pixels: number, size: number): Uint8Array {
  const out = new Uint8Array(pixels * 3 * size);
  for (let plane = 0; plane < 3; plane++) {
    for (let p = 0; p < pixels; p++) {
      const src = (plane * pixels + p) * size;
      const dst = (p * 3 + plane) * size;
      for (let b = 0; b < size; b++) out[dst + b] = bytes[src + b]!;
    }
  }
  return out;
}
