/**
 * Types shared by lib/dicom (which fills them from files), lib/geometry (pure math over them),
 * lib/phantom (which writes files that read back into them) and lib/studies (which stores them).
 */

/** A point or direction in DICOM patient coordinates: LPS millimetres. */
export type Vec3 = [number, number, number];

/**
 * A point in the pixel grid of one image, continuous: x = column, y = row, origin at the top-left
 * pixel's outer corner; the centre of pixel (column i, row j) is (i + 0.5, j + 0.5). Pixel boxes
 * `[x0, y0, x1, y1]` use this space with x1/y1 exclusive.
 */
export type Point2 = [number, number];

/** `[x0, y0, x1, y1]` in image pixels (see Point2). */
export type Box = [number, number, number, number];

/** Where an image lies in patient space; the DICOM attributes that say it. */
export interface ImageGeometry {
  /** (0020,0032) Image Position (Patient): centre of the first transmitted (top-left) pixel, LPS mm. */
  imagePositionPatient: Vec3;
  /** (0020,0037) first triplet: direction of increasing column index (x), unit vector, LPS. */
  rowCosines: Vec3;
  /** (0020,0037) second triplet: direction of increasing row index (y), unit vector, LPS. */
  columnCosines: Vec3;
  /**
   * (0028,0030) Pixel Spacing as stored: [spacing between rows (y step), spacing between columns
   * (x step)], millimetres.
   */
  pixelSpacing: [number, number];
  rows: number;
  columns: number;
  /** (0018,0050) millimetres, when present. */
  sliceThickness?: number;
  /** (0020,0052) Frame of Reference UID, when present. */
  frameOfReferenceUid?: string;
}

export type TImagePlane = "sagittal" | "axial" | "coronal" | "oblique";
export type TSeriesWeighting = "T1" | "T2" | "PD" | "other";

/** One frame of an enhanced multi-frame object, from its shared and per-frame functional groups. */
export interface FrameMeta {
  /** Plane Position / Plane Orientation / Pixel Measures of this frame; absent when incomplete. */
  geometry?: ImageGeometry;
  /** (0018,9082) Effective Echo Time in the MR Echo Sequence, milliseconds. */
  echoTime?: number;
  /** (0018,0080) Repetition Time in the MR Timing and Related Parameters Sequence, milliseconds. */
  repetitionTime?: number;
  /** (0020,9056) Stack ID in the Frame Content Sequence. */
  stackId?: string;
  /** (0020,9057) In-Stack Position Number in the Frame Content Sequence. */
  inStackPosition?: number;
  /** (0008,9007) Frame Type in the MR Image Frame Type Sequence. */
  frameType?: string[];
}

/** What import, analysis and the viewer need of one DICOM instance, without its pixels. */
export interface InstanceMeta {
  sopInstanceUid: string;
  sopClassUid?: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  transferSyntaxUid: string;
  modality?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  seriesDescription?: string;
  studyDescription?: string;
  studyDate?: string;
  studyTime?: string;
  accessionNumber?: string;
  patientId?: string;
  patientName?: string;
  patientBirthDate?: string;
  patientSex?: string;
  imageType?: string[];
  /** (0018,0081) milliseconds. */
  echoTime?: number;
  /** (0018,0080) milliseconds. */
  repetitionTime?: number;
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenter?: number;
  windowWidth?: number;
  /** (0018,0086) Echo Numbers: the first value, when present. */
  echoNumber?: number;
  /** (0020,0012) Acquisition Number, when present. */
  acquisitionNumber?: number;
  /** Absent when the file lacks position, orientation or spacing. */
  geometry?: ImageGeometry;
  /**
   * Enhanced multi-frame objects (Per-frame and Shared Functional Groups, PS3.3 C.7.6.16): one
   * entry per frame, index = 0-based frame. Absent for single-frame and classic multi-frame files.
   */
  perFrame?: FrameMeta[];
  /** Non-fatal problems found while reading (dicomParser's habit). */
  warnings: string[];
}
