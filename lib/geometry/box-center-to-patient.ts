import type { Box, ImageGeometry, Vec3 } from "../dicom/types";
import { pixelToPatient } from "./pixel-to-patient";

/**
 * Patient point (LPS mm) of the centre of a pixel box `[x0, y0, x1, y1]` (image pixels, corner
 * origin, x1/y1 exclusive) drawn on the image with this geometry: the paper's vertebra centre.
 */
export function boxCenterToPatient(geometry: ImageGeometry, box: Box): Vec3 {
  return pixelToPatient(geometry, [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2]);
}
