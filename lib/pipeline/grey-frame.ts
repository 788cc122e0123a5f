import { decodeFrame } from "../dicom/decode-frame";
import { readInstance } from "../dicom/read-instance";
import type { GreyFrame } from "../inference/preprocess";

/**
 * The first frame of an image as model input: stored values through the Modality LUT
 * (value · RescaleSlope + RescaleIntercept), row-major, one sample per pixel (colour images, rare
 * in MR, are reduced to the mean of their samples). MONOCHROME1 is left as stored: the models
 * normalise each image themselves and phantoms are MONOCHROME2.
 */
export async function decodeGreyFrame(bytes: Buffer): Promise<GreyFrame> {
  const instance = readInstance(bytes);
  const frame = await decodeFrame(instance, 0);
  const { rescaleSlope: slope, rescaleIntercept: intercept } = instance.meta;
  const n = frame.rows * frame.columns;
  const spp = frame.samplesPerPixel;
  const pixels = new Float32Array(n);
  const src = frame.pixels;
  if (spp === 1) {
    for (let k = 0; k < n; k++) pixels[k] = (src[k] as number) * slope + intercept;
  } else {
    for (let k = 0; k < n; k++) {
      let sum = 0;
      for (let c = 0; c < spp; c++) sum += src[k * spp + c] as number;
      pixels[k] = (sum / spp) * slope + intercept;
    }
  }
  return { width: frame.columns, height: frame.rows, pixels };
}
