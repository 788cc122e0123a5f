import type { ImageGeometry, Vec3 } from "../dicom/types";
import { planeNormal } from "./plane-normal";
import { dot, sub } from "./vec3";

/**
 * Signed distance, in mm, from an image plane to a patient point (LPS mm), positive on the side the
 * plane normal (rowCosines × columnCosines) points to.
 */
export function signedDistanceToPlane(geometry: Pick<ImageGeometry, "imagePositionPatient" | "rowCosines" | "columnCosines">, point: Vec3): number {
  return dot(sub(point, geometry.imagePositionPatient), planeNormal(geometry));
}
