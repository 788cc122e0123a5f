import type { ImageGeometry, Vec3 } from "../dicom/types";
import { addScaled, cross, dot, normalize, scale, sub } from "../geometry/vec3";
import { patientToVoxel, sampleVoxel, type Volume } from "./volume";

/** An oblique axial image to cut from a volume. */
export interface AxialPlaneSpec {
  /** Image centre, LPS mm. */
  centre: Vec3;
  /** Unit plane normal, LPS (pointing cranially by convention; the sign does not change the image). */
  normal: Vec3;
  rows: number;
  columns: number;
  /** Pixel size, mm (square pixels). */
  pixelMm: number;
  /** Slab thickness along the normal, mm; averaged from 1 mm-spaced samples. */
  thicknessMm: number;
}

/**
 * In-plane axes of an axial image with the given normal, as a scanner's oblique axial has them:
 * rows run towards patient left (LPS x projected onto the plane), columns towards posterior
 * (normal × row); for the normal (0, 0, 1) this is ImageOrientationPatient 1\0\0\0\1\0.
 */
export function axialAxes(normal: Vec3): { row: Vec3; column: Vec3 } {
  const n = normalize(normal);
  const row = normalize(sub([1, 0, 0], scale(n, n[0])));
  return { row, column: normalize(cross(n, row)) };
}

/**
 * DICOM geometry of the plane: IOP from axialAxes, IPP = the centre of the top-left pixel, i.e.
 * centre − (columns/2 − ½)·pixel·row − (rows/2 − ½)·pixel·column, so that `centre` is the middle
 * of the image.
 */
export function axialGeometry(spec: AxialPlaneSpec, frameOfReferenceUid: string): ImageGeometry {
  const { row, column } = axialAxes(spec.normal);
  const corner = addScaled(addScaled(spec.centre, row, -(spec.columns / 2 - 0.5) * spec.pixelMm), column, -(spec.rows / 2 - 0.5) * spec.pixelMm);
  return {
    imagePositionPatient: corner,
    rowCosines: row,
    columnCosines: column,
    pixelSpacing: [spec.pixelMm, spec.pixelMm],
    rows: spec.rows,
    columns: spec.columns,
    sliceThickness: spec.thicknessMm,
    frameOfReferenceUid,
  };
}

/**
 * Reformats the volume onto the plane: each pixel is the mean of trilinear samples (sampleTrilinear;
 * 0 outside the volume) at max(1, round(thickness)) points spaced evenly through the slab along the
 * normal. Row-major `rows × columns`, the volume's units.
 */
export function reformatAxial(v: Volume, spec: AxialPlaneSpec, geometry: ImageGeometry = axialGeometry(spec, "")): Float32Array {
  const n = normalize(spec.normal);
  const samples = Math.max(1, Math.round(spec.thicknessMm));
  const offsets = Array.from({ length: samples }, (_, k) => (k - (samples - 1) / 2) * (spec.thicknessMm / samples));
  const out = new Float32Array(spec.rows * spec.columns);
  // Work in voxel indices: LPS (x, y, z) → (r, c, s) = ((R − 1)/2 − z, y + (C − 1)/2, x + (S − 1)/2),
  // so an LPS step (dx, dy, dz) is the index step (−dz, dy, dx).
  const toIndexStep = (d: Vec3, k: number): Vec3 => [-d[2] * k, d[1] * k, d[0] * k];
  const start = patientToVoxel(v, geometry.imagePositionPatient);
  const stepI = toIndexStep(geometry.rowCosines, spec.pixelMm);
  const stepJ = toIndexStep(geometry.columnCosines, spec.pixelMm);
  const through = offsets.map((o) => toIndexStep(n, o));
  for (let j = 0; j < spec.rows; j++) {
    for (let i = 0; i < spec.columns; i++) {
      const r = start[0] + j * stepJ[0] + i * stepI[0];
      const c = start[1] + j * stepJ[1] + i * stepI[1];
      const s = start[2] + j * stepJ[2] + i * stepI[2];
      let sum = 0;
      for (const t of through) sum += sampleVoxel(v, r + t[0], c + t[1], s + t[2]);
      out[j * spec.columns + i] = sum / samples;
    }
  }
  return out;
}

/** Signed distance (mm) of a point from a plane through `centre` with unit `normal`. */
export function distanceFromPlane(point: Vec3, centre: Vec3, normal: Vec3): number {
  return dot(sub(point, centre), normalize(normal));
}
