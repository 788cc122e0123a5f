import type { ImageGeometry, Point2 } from "../dicom/types";
import { planeNormal } from "./plane-normal";
import { dot, sub } from "./vec3";

/**
 * Where the plane of `source` (e.g. an axial slice) cuts the image `target` (e.g. the mid-sagittal
 * slice): a segment in target pixel coordinates (x = column, y = row, corner origin), clipped to
 * the image rectangle [0, columns] × [0, rows]. Null when the planes are parallel or the line
 * misses the image.
 */
export function referenceLine(target: ImageGeometry, source: Pick<ImageGeometry, "imagePositionPatient" | "rowCosines" | "columnCosines">): [Point2, Point2] | null {
  const n = planeNormal(source);
  const [rowSpacing, columnSpacing] = target.pixelSpacing;
  // In target pixels the source plane is alpha·x + beta·y + c = 0 (pixel centres at +0.5).
  const alpha = dot(target.rowCosines, n) * columnSpacing;
  const beta = dot(target.columnCosines, n) * rowSpacing;
  const c = dot(sub(target.imagePositionPatient, source.imagePositionPatient), n) - 0.5 * alpha - 0.5 * beta;
  const scaleRef = Math.max(Math.abs(alpha), Math.abs(beta));
  if (scaleRef < 1e-9 * Math.max(columnSpacing, rowSpacing)) return null;
  const w = target.columns;
  const h = target.rows;
  const points: Point2[] = [];
  const pushIf = (x: number, y: number) => {
    const eps = 1e-9 * Math.max(w, h);
    if (x < -eps || x > w + eps || y < -eps || y > h + eps) return;
    if (points.some((p) => Math.abs(p[0] - x) < 1e-7 && Math.abs(p[1] - y) < 1e-7)) return;
    points.push([Math.min(Math.max(x, 0), w), Math.min(Math.max(y, 0), h)]);
  };
  if (Math.abs(beta) > 1e-12) {
    pushIf(0, -c / beta);
    pushIf(w, -(c + alpha * w) / beta);
  }
  if (Math.abs(alpha) > 1e-12) {
    pushIf(-c / alpha, 0);
    pushIf(-(c + beta * h) / alpha, h);
  }
  if (points.length < 2) return null;
  // A line crossing a corner can yield three nearly equal points; keep the two farthest apart.
  let best: [Point2, Point2] = [points[0]!, points[1]!];
  let bestLength = -1;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const length = Math.hypot(points[i]![0] - points[j]![0], points[i]![1] - points[j]![1]);
      if (length > bestLength) {
        bestLength = length;
        best = [points[i]!, points[j]!];
      }
    }
  }
  return bestLength > 0 ? best : null;
}
