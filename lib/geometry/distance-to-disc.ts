import type { Vec3 } from "../dicom/types";
import { discCenter } from "./disc-center";
import { dot, sub } from "./vec3";

/**
 * Signed perpendicular distance, in mm, from a plane (point and unit normal, LPS) to the estimated
 * centre of the disc between two vertebra centres: positive when the plane lies cranial to the
 * disc centre (towards the upper vertebra). The sign does not depend on which way the normal
 * points, so flipped in-plane axes and head- or feet-first stacks give the same value.
 */
export function distanceToDisc(planePoint: Vec3, planeNormal: Vec3, upperCenter: Vec3, lowerCenter: Vec3): number {
  const center = discCenter(upperCenter, lowerCenter);
  const cranial = dot(planeNormal, sub(upperCenter, lowerCenter)) >= 0 ? 1 : -1;
  return dot(sub(planePoint, center), planeNormal) * cranial;
}
