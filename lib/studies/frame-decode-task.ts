import { decodeFrame, type DecodedFrame } from "../dicom/decode-frame";
import type { DicomLimits } from "../dicom/limits";
import { readInstance } from "../dicom/read-instance";
import type { InstanceMeta } from "../dicom/types";

/** What rendering a decoded frame needs from its instance (rescale and default window). */
export type TRenderMeta = Pick<InstanceMeta, "rescaleSlope" | "rescaleIntercept" | "windowCenter" | "windowWidth">;

export interface DecodedStoredFrame {
  frame: DecodedFrame;
  meta: TRenderMeta;
}

/**
 * Parses a stored DICOM file and decodes one of its frames (0-based): the whole CPU- and
 * memory-heavy part of serving a frame, run in a worker thread by lib/studies/frame-decoder-pool.
 * Throws the AppErrors of lib/dicom (TOO_LARGE before anything big is allocated).
 */
export async function decodeStoredFrame(bytes: Buffer, frameIndex: number, limits?: Partial<DicomLimits>): Promise<DecodedStoredFrame> {
  const parsed = readInstance(bytes, { limits });
  const frame = await decodeFrame(parsed, frameIndex, limits);
  const { rescaleSlope, rescaleIntercept, windowCenter, windowWidth } = parsed.meta;
  return { frame, meta: { rescaleSlope, rescaleIntercept, windowCenter, windowWidth } };
}
