import { dicomError } from "./dicom-error";

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
  /**
   * Largest decoded frame (rows × columns × samples × bits allocated / 8), checked from the
   * header before any codec runs: an 8 MB RLE file may claim a 512 MiB frame (issue 18).
   */
  maxFrameBytes: number;
  /**
   * Most bytes a deflated data set may inflate to per byte of deflated input, above
   * `minInflateAllowanceBytes`: inflating stops as soon as the output passes the allowance.
   */
  maxInflateRatio: number;
  /** Inflated bytes always allowed, whatever the ratio (small files compress extremely well). */
  minInflateAllowanceBytes: number;
}

export const DEFAULT_DICOM_LIMITS: Readonly<DicomLimits> = Object.freeze({
  maxFileBytes: 1024 * 1024 * 1024,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxPixelBytes: 1024 * 1024 * 1024,
  maxFrames: 10_000,
  // 4096 × 4096 × 2 bytes (a large CR/DX frame) is 32 MiB; lumbar MR frames are under 2 MiB.
  maxFrameBytes: 64 * 1024 * 1024,
  // Deflated MR images compress 2–10×; zeros and text compress ~1000× (the bomb's ratio).
  maxInflateRatio: 20,
  minInflateAllowanceBytes: 32 * 1024 * 1024,
});

/**
 * Most bytes the deflated data set of a file of `deflatedBytes` may inflate to: the ratio
 * allowance (at least the fixed allowance), never above `maxInflatedBytes`.
 */
export function inflateAllowance(deflatedBytes: number, limits: DicomLimits): number {
  const byRatio = Math.max(limits.minInflateAllowanceBytes, deflatedBytes * limits.maxInflateRatio);
  return Math.min(limits.maxInflatedBytes, byRatio);
}

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

/**
 * Refuses (TOO_LARGE) a frame whose decoded size, computed from the header alone, passes
 * `maxFrameBytes`: called before an instance is accepted and again before any codec runs, so no
 * codec is ever asked to allocate more than the limit, whatever its compressed input.
 */
export function assertFrameWithinLimits(
  frame: { rows: number; columns: number; samplesPerPixel: number; bitsAllocated: number },
  limits: Pick<DicomLimits, "maxFrameBytes">,
  details?: Record<string, unknown>,
): void {
  const bytes = frameBytesOf(frame.rows, frame.columns, frame.samplesPerPixel, frame.bitsAllocated);
  if (bytes > BigInt(limits.maxFrameBytes)) {
    throw dicomError("TOO_LARGE", `One frame of the image would decode to ${bytes} bytes (${frame.rows} × ${frame.columns}), over the limit of ${limits.maxFrameBytes} bytes per frame.`, { details });
  }
}
