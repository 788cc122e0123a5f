import type { Box, ImageGeometry, Vec3 } from "../dicom/types";
import { boxCenterToPatient } from "../geometry/box-center-to-patient";

/** What the vertebra detector (v0.2, labels "vertebra" and "sacrum") says a box is. */
export type TBodyKind = "vertebra" | "sacrum";

/**
 * One detected body in patient space, the input of the counting functions. `ref` carries what
 * the caller needs back (the image and the box); the counting never reads it.
 */
export interface SpineBody<TRef = unknown> {
  kind: TBodyKind;
  score: number;
  /** Box centre, LPS mm. */
  center: Vec3;
  /** Box extent along the in-plane image axis closest to patient z (cranio-caudal), mm. */
  heightMm: number;
  /** Box extent along the other in-plane axis (antero-posterior on a sagittal image), mm. */
  depthMm: number;
  /** Sagittal images between the box's image and the mid-sagittal one (0 on the mid image). */
  sliceOffset: number;
  /**
   * The box touches the image border: the body is only partly in the field of view, so its
   * centre and height are not the body's (a sacrum cut by the lower edge of the image).
   */
  partial?: boolean;
  ref: TRef;
}

/**
 * A pixel box `[x0, y0, x1, y1]` (image pixels, corner origin) on an image with this geometry as
 * a SpineBody: centre through the image geometry (LPS mm); height is the box side whose image
 * axis (rowCosines for columns, columnCosines for rows) has the larger |z| component, so a
 * rotated or transposed sagittal image measures the same body alike.
 */
export function spineBodyFromBox<TRef>(
  geometry: ImageGeometry,
  box: Box,
  detection: { kind: TBodyKind; score: number; sliceOffset: number; partial?: boolean; ref: TRef },
): SpineBody<TRef> {
  const [rowSpacing, columnSpacing] = geometry.pixelSpacing;
  const alongColumns = Math.abs(box[2] - box[0]) * columnSpacing;
  const alongRows = Math.abs(box[3] - box[1]) * rowSpacing;
  const rowsAreCranioCaudal = Math.abs(geometry.columnCosines[2]) >= Math.abs(geometry.rowCosines[2]);
  return {
    ...detection,
    center: boxCenterToPatient(geometry, box),
    heightMm: rowsAreCranioCaudal ? alongRows : alongColumns,
    depthMm: rowsAreCranioCaudal ? alongColumns : alongRows,
  };
}
