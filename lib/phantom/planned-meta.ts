import type { InstanceMeta } from "../dicom/types";
import type { GeneratedStudy } from "./generate-study";
import { EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN, MR_IMAGE_STORAGE } from "./write-dicom";

/**
 * The InstanceMeta that lib/dicom would read back from each file of a generated study, built
 * from the plan without rendering pixels (geometry-only tests and tools).
 */
export function plannedInstanceMeta(study: GeneratedStudy): InstanceMeta[] {
  const transferSyntaxUid = study.options.transferSyntax === "implicit" ? IMPLICIT_VR_LITTLE_ENDIAN : EXPLICIT_VR_LITTLE_ENDIAN;
  return study.plan.series.flatMap((series) =>
    series.images.map((image) => ({
      sopInstanceUid: image.sopInstanceUid,
      sopClassUid: MR_IMAGE_STORAGE,
      studyInstanceUid: study.truth.studyInstanceUid,
      seriesInstanceUid: series.seriesInstanceUid,
      transferSyntaxUid,
      modality: "MR",
      seriesNumber: series.seriesNumber,
      instanceNumber: image.instanceNumber,
      seriesDescription: series.description,
      imageType: series.imageType,
      echoTime: series.echoTime,
      repetitionTime: series.repetitionTime,
      rows: image.geometry.rows,
      columns: image.geometry.columns,
      frames: 1,
      samplesPerPixel: 1,
      bitsAllocated: 16,
      bitsStored: 12,
      pixelRepresentation: 0,
      photometricInterpretation: "MONOCHROME2",
      rescaleSlope: 1,
      rescaleIntercept: 0,
      geometry: image.geometry,
      warnings: [],
    })),
  );
}
