import type { ImageGeometry } from "../dicom/types";
import { planeNormal } from "./plane-normal";
import { dot } from "./vec3";

/**
 * The middle image of a sagittal stack: the images sorted by position along the stack normal
 * (LPS mm, normal oriented towards patient left so that flipped axes sort alike), and the one at
 * index ⌊(n − 1) / 2⌋, the centre of an odd stack. Undefined for an empty list.
 */
export function midSagittalSlice<T extends { geometry: ImageGeometry }>(slices: readonly T[]): T | undefined {
  const first = slices[0];
  if (!first) return undefined;
  const n = planeNormal(first.geometry);
  const sign = n[0] >= 0 ? 1 : -1;
  const sorted = [...slices].sort((a, b) => sign * (dot(a.geometry.imagePositionPatient, n) - dot(b.geometry.imagePositionPatient, n)));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
