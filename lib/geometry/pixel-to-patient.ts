import type { ImageGeometry, Point2, Vec3 } from "../dicom/types";

/**
 * Patient point (LPS mm) of a continuous pixel position (image pixels, x = column, y = row,
 * origin at the top-left pixel's outer corner). The centre of pixel (i, j) is (i + 0.5, j + 0.5),
 * which maps to IPP + i·Δcol·rowCosines + j·Δrow·columnCosines.
 */
export function pixelToPatient(geometry: ImageGeometry, point: Point2): Vec3 {
  const [rowSpacing, columnSpacing] = geometry.pixelSpacing;
  const u = (point[0] - 0.5) * columnSpacing;
  const v = (point[1] - 0.5) * rowSpacing;
  const p = geometry.imagePositionPatient;
  const r = geometry.rowCosines;
  const c = geometry.columnCosines;
  return [p[0] + u * r[0] + v * c[0], p[1] + u * r[1] + v * c[1], p[2] + u * r[2] + v * c[2]];
}
