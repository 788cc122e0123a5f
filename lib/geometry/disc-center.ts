import type { Vec3 } from "../dicom/types";

/**
 * Estimated centre of the disc between two neighbouring vertebral bodies (LPS mm): the midpoint of
 * their centres. Vertebral bodies of one spine are close enough in height for the midpoint to fall
 * inside the disc; the error is a fraction of the body-height difference (a few mm at L5–S1).
 */
export function discCenter(upperCenter: Vec3, lowerCenter: Vec3): Vec3 {
  return [(upperCenter[0] + lowerCenter[0]) / 2, (upperCenter[1] + lowerCenter[1]) / 2, (upperCenter[2] + lowerCenter[2]) / 2];
}
