import type { ImageGeometry } from "../dicom/types";
import { assignLevel, type LabelledVertebra } from "../geometry/assign-level";
import { planeNormal } from "../geometry/plane-normal";
import type { TAnalysisSlice } from "./schema";

export interface AxialImage {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  /** 0-based frame of an enhanced multi-frame object; absent for single-frame images. */
  frameIndex?: number;
  geometry: ImageGeometry;
}

/**
 * Step 2 of the paper over a whole study: each axial image's plane (IPP and its normal, LPS mm)
 * against the vertebra centres gives its disc level, its signed distance to that disc's estimated
 * centre (mm, positive cranial) and the flags a reader should check.
 */
export function assignSliceLevels(vertebrae: LabelledVertebra[], images: readonly AxialImage[]): TAnalysisSlice[] {
  return images.map((image) => {
    const result = assignLevel(image.geometry.imagePositionPatient, planeNormal(image.geometry), vertebrae);
    return {
      sopInstanceUid: image.sopInstanceUid,
      ...(image.frameIndex === undefined ? {} : { frameIndex: image.frameIndex }),
      seriesInstanceUid: image.seriesInstanceUid,
      level: result.level,
      distanceMm: result.distanceMm === null ? null : Math.round(result.distanceMm * 100) / 100,
      flags: result.flags,
    };
  });
}
