import { decodeFrame } from "../dicom/decode-frame";
import { readInstance } from "../dicom/read-instance";
import type { InstanceMeta } from "../dicom/types";
import { greyFrameOf } from "../inference/grey-frame";
import type { GreyFrame } from "../inference/preprocess";
import { storedGreyFrame } from "../inference/stored-frame";
import { locateStoredSamples } from "./stored-pixel-data";

/**
 * One frame of a file (0-based; the first by default) as model input. With the instance's header
 * facts (`meta`: parsed once at load, or the rows import wrote) a native little-endian grey image
 * is not parsed again: its stored samples are located in the bytes (locateStoredSamples) and
 * returned as a StoredGreyFrame, which preprocessing resamples directly (one pass from stored
 * pixels to the model input). Anything else goes the reference way: lib/dicom's reader and decoder,
 * then lib/inference's greyFrameOf (Modality LUT, one grey sample per pixel; colour images are
 * refused) — `decodeGreyFrameReference`.
 */
export async function decodeGreyFrame(bytes: Buffer, frameIndex = 0, meta?: InstanceMeta): Promise<GreyFrame> {
  const stored = meta ? locateStoredSamples(bytes, meta, frameIndex) : null;
  if (stored && meta) return storedGreyFrame(meta.columns, meta.rows, stored);
  return decodeGreyFrameReference(bytes, frameIndex);
}

/** The full path: parse the whole file, decode the frame, apply the Modality LUT (full-size float32). */
export async function decodeGreyFrameReference(bytes: Buffer, frameIndex = 0): Promise<GreyFrame> {
  const instance = readInstance(bytes);
  return greyFrameOf(await decodeFrame(instance, frameIndex), instance.meta);
}
