import type { Vec3 } from "../dicom/types";

/**
 * A real exam's 3-D array as ../shared/realdata stores it: shape `[rows, columns, slices]`, C order
 * (`index = (r · columns + c) · slices + s`), 1 mm isotropic voxels; rows run superior → inferior,
 * columns anterior → posterior, slices right → left (the README says only "left–right"; the choice
 * mirrors nothing that is scored).
 *
 * Patient coordinates (DICOM LPS, mm) are chosen so that the volume's centre is the scanner's
 * isocentre: voxel (r, c, s) lies at x = s − (S − 1)/2 (towards patient left), y = c − (C − 1)/2
 * (towards posterior), z = (R − 1)/2 − r (towards head).
 */
export interface Volume<T extends Uint8Array | Uint16Array = Uint8Array | Uint16Array> {
  rows: number;
  columns: number;
  slices: number;
  data: T;
}

/** Flat index of voxel (r, c, s); no bounds check. */
export function voxelIndex(v: Volume, r: number, c: number, s: number): number {
  return (r * v.columns + c) * v.slices + s;
}

/** LPS mm of a voxel centre (continuous indices allowed), see Volume. */
export function voxelToPatient(v: Volume, r: number, c: number, s: number): Vec3 {
  return [s - (v.slices - 1) / 2, c - (v.columns - 1) / 2, (v.rows - 1) / 2 - r];
}

/** Continuous voxel indices [r, c, s] of an LPS point: the inverse of voxelToPatient. */
export function patientToVoxel(v: Volume, p: Vec3): [number, number, number] {
  return [(v.rows - 1) / 2 - p[2], p[1] + (v.columns - 1) / 2, p[0] + (v.slices - 1) / 2];
}

/**
 * Trilinear interpolation of the volume at an LPS point (voxel centres are the sample points).
 * Points farther than half a voxel outside the array read 0 (no signal beyond the field of view);
 * within that half voxel the edge value is used.
 */
export function sampleTrilinear(v: Volume, p: Vec3): number {
  const [r, c, s] = patientToVoxel(v, p);
  if (r < -0.5 || c < -0.5 || s < -0.5 || r > v.rows - 0.5 || c > v.columns - 0.5 || s > v.slices - 0.5) return 0;
  const clampR = (x: number) => Math.min(Math.max(x, 0), v.rows - 1);
  const clampC = (x: number) => Math.min(Math.max(x, 0), v.columns - 1);
  const clampS = (x: number) => Math.min(Math.max(x, 0), v.slices - 1);
  const rr = clampR(r);
  const cc = clampC(c);
  const ss = clampS(s);
  const r0 = Math.floor(rr);
  const c0 = Math.floor(cc);
  const s0 = Math.floor(ss);
  const r1 = Math.min(r0 + 1, v.rows - 1);
  const c1 = Math.min(c0 + 1, v.columns - 1);
  const s1 = Math.min(s0 + 1, v.slices - 1);
  const fr = rr - r0;
  const fc = cc - c0;
  const fs = ss - s0;
  const at = (a: number, b: number, d: number) => v.data[voxelIndex(v, a, b, d)]!;
  const alongS = (a: number, b: number) => at(a, b, s0) * (1 - fs) + at(a, b, s1) * fs;
  const alongC = (a: number) => alongS(a, c0) * (1 - fc) + alongS(a, c1) * fc;
  return alongC(r0) * (1 - fr) + alongC(r1) * fr;
}

/** LPS points (mm) of every voxel whose value is `value`, as a flat [x0, y0, z0, x1, …] array. */
export function labelPoints(v: Volume, value: number): Float64Array {
  let count = 0;
  for (let i = 0; i < v.data.length; i++) if (v.data[i] === value) count++;
  const out = new Float64Array(count * 3);
  let k = 0;
  for (let r = 0; r < v.rows; r++) {
    for (let c = 0; c < v.columns; c++) {
      for (let s = 0; s < v.slices; s++) {
        if (v.data[voxelIndex(v, r, c, s)] !== value) continue;
        const p = voxelToPatient(v, r, c, s);
        out[k++] = p[0];
        out[k++] = p[1];
        out[k++] = p[2];
      }
    }
  }
  return out;
}
