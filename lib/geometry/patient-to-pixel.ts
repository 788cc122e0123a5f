import type { ImageGeometry, Point2, Vec3 } from "../dicom/types";
import { dot, sub } from "./vec3";

/**
 * Continuous pixel position (image pixels, x = column, y = row, corner origin) of the orthogonal
 * projection of a patient point (LPS mm) onto the image plane; the inverse of pixelToPatient for
 * points in the plane. Assumes orthonormal direction cosines, as DICOM requires.
 */
export function patientToPixel(geometry: ImageGeometry, point: Vec3): Point2 {
  const [rowSpacing, columnSpacing] = geometry.pixelSpacing;
  const d = sub(point, geometry.imagePositionPatient);
  return [dot(d, geometry.rowCosines) / columnSpacing + 0.5, dot(d, geometry.columnCosines) / rowSpacing + 0.5];
}
