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
  return sampleVoxel(v, r, c, s);
}

/** sampleTrilinear at continuous voxel indices (r, c, s); allocation-free for the reformat loops. */
export function sampleVoxel(v: Volume, r: number, c: number, s: number): number {
  const { rows, columns, slices, data } = v;
  if (r < -0.5 || c < -0.5 || s < -0.5 || r > rows - 0.5 || c > columns - 0.5 || s > slices - 0.5) return 0;
  const rr = r < 0 ? 0 : r > rows - 1 ? rows - 1 : r;
  const cc = c < 0 ? 0 : c > columns - 1 ? columns - 1 : c;
  const ss = s < 0 ? 0 : s > slices - 1 ? slices - 1 : s;
  const r0 = Math.floor(rr);
  const c0 = Math.floor(cc);
  const s0 = Math.floor(ss);
  const dr = r0 + 1 < rows ? columns * slices : 0;
  const dc = c0 + 1 < columns ? slices : 0;
  const ds = s0 + 1 < slices ? 1 : 0;
  const fr = rr - r0;
  const fc = cc - c0;
  const fs = ss - s0;
  const i = (r0 * columns + c0) * slices + s0;
  const a00 = data[i]! * (1 - fs) + data[i + ds]! * fs;
  const a01 = data[i + dc]! * (1 - fs) + data[i + dc + ds]! * fs;
  const a10 = data[i + dr]! * (1 - fs) + data[i + dr + ds]! * fs;
  const a11 = data[i + dr + dc]! * (1 - fs) + data[i + dr + dc + ds]! * fs;
  return (a00 * (1 - fc) + a01 * fc) * (1 - fr) + (a10 * (1 - fc) + a11 * fc) * fr;
}

/**
 * LPS points (mm) of the voxels of every non-zero value, in two passes over the volume (counts,
 * then points): value → flat [x0, y0, z0, x1, …] array, voxels in storage order.
 */
export function labelPointsByValue(v: Volume): Map<number, Float64Array> {
  const counts = new Map<number, number>();
  for (let i = 0; i < v.data.length; i++) {
    const value = v.data[i]!;
    if (value !== 0) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const out = new Map([...counts].map(([value, n]) => [value, new Float64Array(3 * n)]));
  const filled = new Map([...counts.keys()].map((value) => [value, 0]));
  for (let i = 0; i < v.data.length; i++) {
    const value = v.data[i]!;
    if (value === 0) continue;
    const s = i % v.slices;
    const rc = (i - s) / v.slices;
    const c = rc % v.columns;
    const p = voxelToPatient(v, (rc - c) / v.columns, c, s);
    const points = out.get(value)!;
    let k = filled.get(value)!;
    points[k++] = p[0];
    points[k++] = p[1];
    points[k++] = p[2];
    filled.set(value, k);
  }
  return out;
}

/** LPS points (mm) of every voxel whose value is `value`, as a flat [x0, y0, z0, x1, …] array. */
export function labelPoints(v: Volume, value: number): Float64Array {
  let count = 0;
  for (let i = 0; i < v.data.length; i++) if (v.data[i] === value) count++;
  const out = new Float64Array(count * 3);
  let k = 0;
  for (let i = 0; i < v.data.length; i++) {
    if (v.data[i] !== value) continue;
    const s = i % v.slices;
    const rc = (i - s) / v.slices;
    const c = rc % v.columns;
    const p = voxelToPatient(v, (rc - c) / v.columns, c, s);
    out[k++] = p[0];
    out[k++] = p[1];
    out[k++] = p[2];
  }
  return out;
}
