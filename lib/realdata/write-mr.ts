import { createHash } from "node:crypto";
import dcmjs from "dcmjs";
import type { ImageGeometry } from "../dicom/types";
import { cross, dot } from "../geometry/vec3";
import { EXPLICIT_VR_LITTLE_ENDIAN, MR_IMAGE_STORAGE } from "../phantom/write-dicom";

/** Implementation Class UID of the discern real-exam writer (a fixed UUID under 2.25). */
const IMPLEMENTATION_CLASS_UID = "2.25.185417460531219925836719504851702664131";

/**
 * A DICOM UID under 2.25 (ITU-T X.667) derived from the given parts: the first 128 bits of their
 * SHA-256, in decimal. The same exam always gets the same UIDs, so runs can be compared.
 */
export function uidFrom(...parts: string[]): string {
  const digest = createHash("sha256").update(parts.join("\u0000")).digest();
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString("hex")}`).toString()}`;
}

export interface RealStudyHeader {
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  /** Research exam id (e.g. VB3-01): used as Patient ID / Name; these exams carry no identity. */
  examId: string;
  studyDescription: string;
}

export interface RealSeriesHeader {
  seriesInstanceUid: string;
  seriesNumber: number;
  /** e.g. "SAG T2", "AX T2": what series selection reads. */
  description: string;
  /** Spacing between slice centres, mm. */
  spacingMm: number;
}

const ds = (x: number) => Number(x.toFixed(6));

/**
 * One MR Image Storage instance (Part 10 bytes, explicit VR little endian) for an image built from
 * a real exam: 16-bit unsigned MONOCHROME2 with 12 bits stored, a T2 spin-echo timing (TR 3000,
 * TE 100 ms) matching the "T2" description, the given geometry (LPS mm) and SliceLocation along
 * the plane normal. ImageComments says where the pixels came from.
 */
export function writeRealMr(study: RealStudyHeader, series: RealSeriesHeader, instance: { sopInstanceUid: string; instanceNumber: number; geometry: ImageGeometry; pixels: Uint16Array; comment: string }): Uint8Array {
  const g = instance.geometry;
  const normal = cross(g.rowCosines, g.columnCosines);
  const max = instance.pixels.reduce((a, b) => Math.max(a, b), 0);
  const dataset: Record<string, unknown> = {
    SpecificCharacterSet: "ISO_IR 100",
    ImageType: ["DERIVED", "SECONDARY"],
    SOPClassUID: MR_IMAGE_STORAGE,
    SOPInstanceUID: instance.sopInstanceUid,
    StudyDate: "20200101",
    StudyTime: "120000",
    AccessionNumber: "",
    Modality: "MR",
    Manufacturer: "discern",
    ManufacturerModelName: "discern realdata reformat",
    StudyDescription: study.studyDescription,
    SeriesDescription: series.description,
    PatientName: `REALDATA^${study.examId}`,
    PatientID: study.examId,
    PatientBirthDate: "",
    PatientSex: "",
    BodyPartExamined: "LSPINE",
    ScanningSequence: "SE",
    SequenceVariant: "SK",
    MRAcquisitionType: "2D",
    SliceThickness: ds(g.sliceThickness ?? series.spacingMm),
    SpacingBetweenSlices: ds(series.spacingMm),
    RepetitionTime: 3000,
    EchoTime: 100,
    PatientPosition: "HFS",
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: series.seriesInstanceUid,
    StudyID: "1",
    SeriesNumber: series.seriesNumber,
    InstanceNumber: instance.instanceNumber,
    ImagePositionPatient: g.imagePositionPatient.map(ds),
    ImageOrientationPatient: [...g.rowCosines, ...g.columnCosines].map(ds),
    FrameOfReferenceUID: study.frameOfReferenceUid,
    PositionReferenceIndicator: "",
    SliceLocation: ds(dot(g.imagePositionPatient, normal)),
    ImageComments: instance.comment,
    SamplesPerPixel: 1,
    PhotometricInterpretation: "MONOCHROME2",
    Rows: g.rows,
    Columns: g.columns,
    PixelSpacing: g.pixelSpacing.map(ds),
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: Math.max(1, Math.round(max / 2)),
    WindowWidth: Math.max(2, max),
    PixelData: [instance.pixels.buffer.slice(instance.pixels.byteOffset, instance.pixels.byteOffset + instance.pixels.byteLength)],
    _vrMap: { PixelData: "OW" },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: MR_IMAGE_STORAGE,
    MediaStorageSOPInstanceUID: instance.sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: "DISCERN_REAL",
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

/**
 * Float pixels (the volume's units) to stored 12-bit values: round(x · scale), clamped to
 * 0..4095. `scale` comes from pixelScale so one exam's images share one scale.
 */
export function toStored(pixels: Float32Array, scale: number): Uint16Array {
  const out = new Uint16Array(pixels.length);
  for (let k = 0; k < pixels.length; k++) out[k] = Math.min(4095, Math.max(0, Math.round(pixels[k]! * scale)));
  return out;
}

/**
 * Factor from the volume's units to stored values: the largest whole factor that keeps the
 * maximum within 12 bits (uint8 → 16), or 4095 / max for a volume already above 12 bits.
 */
export function pixelScale(volumeMax: number): number {
  if (!(volumeMax > 0)) return 1;
  return volumeMax > 4095 ? 4095 / volumeMax : Math.floor(4095 / volumeMax);
}
