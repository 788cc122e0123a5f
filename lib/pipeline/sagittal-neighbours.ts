import type { ImageGeometry } from "../dicom/types";
import { planeNormal } from "../geometry/plane-normal";
import { dot } from "../geometry/vec3";

/**
 * The mid-sagittal image (midSagittalSlice's choice: index ⌊(n − 1) / 2⌋ of the stack sorted along
 * its normal, oriented to patient left) and up to `k` images on each side of it, each with its
 * offset in images from the middle (negative: towards patient right), mid first, then ±1, ±2 …
 * Empty for an empty stack.
 */
export function sagittalNeighbours<T extends { geometry: ImageGeometry }>(images: readonly T[], k: number): { image: T; offset: number }[] {
  const first = images[0];
  if (!first) return [];
  const n = planeNormal(first.geometry);
  const sign = n[0] >= 0 ? 1 : -1;
  const sorted = [...images].sort((a, b) => sign * (dot(a.geometry.imagePositionPatient, n) - dot(b.geometry.imagePositionPatient, n)));
  const mid = Math.floor((sorted.length - 1) / 2);
  const out: { image: T; offset: number }[] = [{ image: sorted[mid]!, offset: 0 }];
  for (let d = 1; d <= k; d++) {
    for (const offset of [-d, d]) {
      const image = sorted[mid + offset];
      if (image) out.push({ image, offset });
    }
  }
  return out;
}
