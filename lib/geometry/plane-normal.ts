import type { ImageGeometry, Vec3 } from "../dicom/types";
import { cross, normalize } from "./vec3";

/**
 * Unit normal of an image plane in LPS (unitless): rowCosines × columnCosines. Its sign follows
 * the in-plane axes, so a flipped image has the opposite normal; callers that need an anatomical
 * direction must orient it themselves (see assignLevel).
 */
export function planeNormal(geometry: Pick<ImageGeometry, "rowCosines" | "columnCosines">): Vec3 {
  return normalize(cross(geometry.rowCosines, geometry.columnCosines));
}
