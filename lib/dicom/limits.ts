/**
 * Limits that keep hostile or broken files from exhausting memory or time. Sizes are bytes. The
 * defaults fit a 2-core, few-GiB server; callers may tighten them (an upload route) or loosen them.
 */
export interface DicomLimits {
  /** Largest file accepted at all. */
  maxFileBytes: number;
  /** Largest inflated data set of a deflated file (a zip bomb stops here). */
  maxInflatedBytes: number;
  /** Largest decoded pixel buffer of the whole instance (rows × columns × frames × samples × bytes). */
  maxPixelBytes: number;
  /** Most frames in one instance. */
  maxFrames: number;
}

export const DEFAULT_DICOM_LIMITS: Readonly<DicomLimits> = Object.freeze({
  maxFileBytes: 1024 * 1024 * 1024,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxPixelBytes: 1024 * 1024 * 1024,
  maxFrames: 10_000,
});

export function resolveLimits(limits?: Partial<DicomLimits>): DicomLimits {
  return { ...DEFAULT_DICOM_LIMITS, ...limits };
}

/**
 * Bytes of decoded stored pixel data of an instance, computed with BigInt so that a header
 * claiming 65535 × 65535 × 2^31 frames cannot overflow into a small number.
 */
export function pixelBytesOf(rows: number, columns: number, frames: number, samplesPerPixel: number, bitsAllocated: number): bigint {
  const bits = BigInt(rows) * BigInt(columns) * BigInt(frames) * BigInt(samplesPerPixel) * BigInt(bitsAllocated);
  return (bits + 7n) / 8n;
}

/** Bytes of one native (uncompressed) frame; 1-bit data is packed across frame boundaries. */
export function frameBytesOf(rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number): bigint {
  return pixelBytesOf(rows, columns, 1, samplesPerPixel, bitsAllocated);
}

/**
 * Bytes of native (uncompressed) pixel data as stored: YBR_FULL_422 keeps two chroma samples per
 * pair of pixels, so 2 samples' worth per pixel instead of 3.
 */
export function storedPixelBytes(rows: number, columns: number, frames: number, samplesPerPixel: number, bitsAllocated: number, photometricInterpretation: string): bigint {
  if (photometricInterpretation === "YBR_FULL_422" && samplesPerPixel === 3) {
    return pixelBytesOf(rows, columns, frames, 2, bitsAllocated);
  }
  return pixelBytesOf(rows, columns, frames, samplesPerPixel, bitsAllocated);
}
