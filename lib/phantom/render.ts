import type { ImageGeometry } from "../dicom/types";
import { planeNormal } from "../geometry/plane-normal";
import type { TissueContrast } from "./contrast";
import { unposeDirection, unposePoint, type Pose } from "./pose";
import type { Rng } from "./prng";
import type { Sampler } from "./sample-tissue";

export interface RenderOptions {
  contrast: TissueContrast;
  /** Samples averaged through the slice thickness (partial volume). */
  samples: number;
  /** Stored value of signal 1 (CSF on T2). */
  scale: number;
  /** Rician noise: standard deviation of each quadrature channel, in signal units. */
  noiseSigma: number;
}

/**
 * Renders one image on its exact DICOM plane: every pixel centre (and `samples` points through
 * the slice thickness) is mapped from LPS back into spine space and sampled; the magnitude of the
 * signal plus complex Gaussian noise gives Rician noise; stored as 12-bit values in 16-bit words.
 */
export function renderImage(sampler: Sampler, geometry: ImageGeometry, pose: Pose, options: RenderOptions, rng: Rng): Uint16Array {
  const { rows, columns } = geometry;
  const [rowSpacing, columnSpacing] = geometry.pixelSpacing;
  const origin = unposePoint(pose, geometry.imagePositionPatient);
  const ex = unposeDirection(pose, geometry.rowCosines).map((c) => c * columnSpacing);
  const ey = unposeDirection(pose, geometry.columnCosines).map((c) => c * rowSpacing);
  const en = unposeDirection(pose, planeNormal(geometry));
  const thickness = geometry.sliceThickness ?? 1;
  const m = Math.max(1, options.samples);
  const offsets = Array.from({ length: m }, (_, i) => (m === 1 ? 0 : thickness * ((i + 0.5) / m - 0.5)));
  const out = new Uint16Array(rows * columns);
  const c = options.contrast;
  const sigma = options.noiseSigma;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      const bx = origin[0] + i * ex[0]! + j * ey[0]!;
      const by = origin[1] + i * ex[1]! + j * ey[1]!;
      const bz = origin[2] + i * ex[2]! + j * ey[2]!;
      let sum = 0;
      for (const t of offsets) sum += sampler(bx + t * en[0], by + t * en[1], bz + t * en[2], c);
      const signal = sum / m;
      const re = signal + rng.normal(0, sigma);
      const im = rng.normal(0, sigma);
      const value = Math.round(Math.sqrt(re * re + im * im) * options.scale);
      out[j * columns + i] = value > 4095 ? 4095 : value;
    }
  }
  return out;
}
