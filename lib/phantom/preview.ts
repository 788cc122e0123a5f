import type { ImageGeometry } from "../dicom/types";
import type { GeneratedStudy } from "./generate-study";
import { T2_CONTRAST, type TissueContrast } from "./contrast";
import { createRng } from "./prng";
import { renderImage } from "./render";
import { createSampler } from "./sample-tissue";

/**
 * Renders one planned image of a study to 8-bit grey (window 0 … 1.15 × CSF), for pictures and
 * quick looks; the DICOM pixels of the same image differ only by noise and scale.
 */
export function previewImage(study: GeneratedStudy, geometry: ImageGeometry, contrast: TissueContrast = T2_CONTRAST, samples = 3): Uint8Array {
  const sampler = createSampler(study.model, createRng(study.truth.seed).fork("texture"));
  const pixels = renderImage(sampler, geometry, study.pose, { contrast, samples, scale: 1000, noiseSigma: 0.02 }, createRng(1));
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = Math.min(255, Math.round((pixels[i]! / 1150) * 255));
  return out;
}
