import type { ImageGeometry } from "../dicom/types";
import { voxelIndex, voxelToPatient, type Volume } from "./volume";

/** One sagittal slab: the 1 mm volume slices `first..last` (inclusive) averaged into one image. */
export interface SlabRange {
  first: number;
  last: number;
}

/**
 * Contiguous slabs of `thickness` slices (1 mm each, so `thickness` mm) across a stack of `slices`,
 * the middle one centred as near as whole slices allow on `centre` (a continuous slice index, e.g.
 * the spine's centroid), then as many on each side as fit symmetrically: an odd count, so that the
 * mid-sagittal image (index ⌊(n − 1)/2⌋ by position) is the central slab. 24 slices, 4 mm, centre
 * 11.5 → slabs 2–5, 6–9, 10–13, 14–17, 18–21.
 *
 * @throws RangeError when not even one slab fits.
 */
export function planSlabs(slices: number, thickness: number, centre: number): SlabRange[] {
  if (!Number.isInteger(thickness) || thickness < 1 || thickness > slices) throw new RangeError(`planSlabs: a ${thickness}-slice slab does not fit ${slices} slices`);
  const mid = Math.min(Math.max(Math.round(centre - (thickness - 1) / 2), 0), slices - thickness);
  const each = Math.min(Math.floor(mid / thickness), Math.floor((slices - thickness - mid) / thickness));
  const out: SlabRange[] = [];
  for (let k = -each; k <= each; k++) out.push({ first: mid + k * thickness, last: mid + k * thickness + thickness - 1 });
  return out;
}

/**
 * The slab's pixels: the mean of the volume over slices first..last, as an image of `rows` ×
 * `columns` (row-major: pixel (row j, column i) ↔ voxel (j, i, ·)), same units as the volume.
 */
export function averageSlab(v: Volume, slab: SlabRange): Float32Array {
  const out = new Float32Array(v.rows * v.columns);
  const n = slab.last - slab.first + 1;
  for (let r = 0; r < v.rows; r++) {
    for (let c = 0; c < v.columns; c++) {
      let sum = 0;
      for (let s = slab.first; s <= slab.last; s++) sum += v.data[voxelIndex(v, r, c, s)]!;
      out[r * v.columns + c] = sum / n;
    }
  }
  return out;
}

/**
 * The slab's DICOM geometry: ImageOrientationPatient 0\1\0\0\0\−1 (columns go posterior, rows go
 * inferior: the usual sagittal display), 1 mm pixels, ImagePositionPatient = the LPS centre of
 * voxel (0, 0) at the slab's mid-thickness (Volume's coordinates), slice thickness = the slab's.
 */
export function slabGeometry(v: Volume, slab: SlabRange, frameOfReferenceUid: string): ImageGeometry {
  return {
    imagePositionPatient: voxelToPatient(v, 0, 0, (slab.first + slab.last) / 2),
    rowCosines: [0, 1, 0],
    columnCosines: [0, 0, -1],
    pixelSpacing: [1, 1],
    rows: v.rows,
    columns: v.columns,
    sliceThickness: slab.last - slab.first + 1,
    frameOfReferenceUid,
  };
}
