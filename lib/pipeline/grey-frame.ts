import { decodeFrame } from "../dicom/decode-frame";
import { readInstance } from "../dicom/read-instance";
import { greyFrameOf } from "../inference/grey-frame";
import type { GreyFrame } from "../inference/preprocess";

/**
 * One frame of a file (0-based; the first by default) as model input: lib/dicom's reader and decoder, then lib/inference's
 * greyFrameOf (Modality LUT, one grey sample per pixel; colour images are refused).
 */
export async function decodeGreyFrame(bytes: Buffer, frameIndex = 0): Promise<GreyFrame> {
  const instance = readInstance(bytes);
  return greyFrameOf(await decodeFrame(instance, frameIndex), instance.meta);
}
