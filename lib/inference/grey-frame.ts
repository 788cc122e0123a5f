import type { DecodedFrame } from "../dicom/decode-frame";
import type { InstanceMeta } from "../dicom/types";
import { AppError } from "../errors/app-error";
import type { GreyFrame } from "./preprocess";

/**
 * The model input source from lib/dicom's `decodeFrame`: stored values through the Modality LUT
 * (value * RescaleSlope + RescaleIntercept) as float32, one grey sample per pixel. MONOCHROME1 is
 * not inverted: the models were trained on stored values, and MR images are MONOCHROME2.
 */
export function greyFrameOf(
  frame: DecodedFrame,
  meta: Pick<InstanceMeta, "rescaleSlope" | "rescaleIntercept">,
): GreyFrame {
  if (frame.samplesPerPixel !== 1) {
    throw new AppError("UNSUPPORTED_DICOM", {
      userMessage: `Only grey images can be analysed; this one has ${frame.samplesPerPixel} samples per pixel.`,
    });
  }
  const n = frame.rows * frame.columns;
  const pixels = new Float32Array(n);
  const slope = meta.rescaleSlope;
  const intercept = meta.rescaleIntercept;
  const src = frame.pixels;
  for (let k = 0; k < n; k++) pixels[k] = (src[k] as number) * slope + intercept;
  return { width: frame.columns, height: frame.rows, pixels };
}
