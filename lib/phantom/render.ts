import type { ImageGeometry } from "../dicom/types";
import { planeNormal } from "../geometry/plane-normal";
import type { TissueContrast } from "./contrast";
import { unposeDirection, unposePoint, type Pose } from "./pose";
import type { Rng } from "./prng";
import type { Sampler } from "./sample-tissue";

let table: Float64Array | null = null;

/** 65 536 standard normal quantiles: one 32-bit draw gives two Gaussian samples cheaply. */
function gaussianTable(): Float64Array {
  if (table) return table;
  table = new Float64Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = inverseNormal((i + 0.5) / 65536);
  return table;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

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
  const gauss = gaussianTable();
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      const bx = origin[0] + i * ex[0]! + j * ey[0]!;
      const by = origin[1] + i * ex[1]! + j * ey[1]!;
      const bz = origin[2] + i * ex[2]! + j * ey[2]!;
      let sum = 0;
      for (const t of offsets) sum += sampler(bx + t * en[0], by + t * en[1], bz + t * en[2], c);
      const signal = sum / m;
      const bits = rng.uint32();
      const re = signal + sigma * gauss[bits & 0xffff]!;
      const im = sigma * gauss[bits >>> 16]!;
      const value = Math.round(Math.sqrt(re * re + im * im) * options.scale);
      out[j * columns + i] = value > 4095 ? 4095 : value;
    }
  }
  return out;
}
