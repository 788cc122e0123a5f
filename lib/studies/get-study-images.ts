import { db, type TDb } from "../db/client";
import { AppError } from "../errors/app-error";

export interface StudyImage {
  id: string;
  sopInstanceUid: string;
  instanceNumber: number | null;
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenter: number | null;
  windowWidth: number | null;
  /** LPS millimetres; empty without geometry. */
  imagePositionPatient: number[];
  /** Row cosines then column cosines; empty without geometry. */
  imageOrientationPatient: number[];
  /** [between rows, between columns] millimetres. */
  pixelSpacing: number[];
  sliceThickness: number | null;
  /** Signed distance of the image plane along the series normal (row × column cosines), mm; null without geometry. */
  positionAlongNormal: number | null;
  /** Frame 0 as raw 16-bit (add `?format=png` for a rendering). */
  frameUrl: string;
}

export interface StudyImageSeries {
  id: string;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  description: string | null;
  modality: string | null;
  plane: string;
  weighting: string;
  frameOfReferenceUid: string | null;
  instances: StudyImage[];
}

export interface StudyImages {
  studyId: string;
  studyInstanceUid: string;
  series: StudyImageSeries[];
}

/**
 * The series of a study (by series number) and their instances with geometry, for the viewer:
 * instances are ordered by their position along the series normal (the first instance's row ×
 * column cosines, LPS), so a stack scrolls in space whatever the order the scanner numbered it;
 * instances without geometry follow, by instance number. NOT_FOUND for an unknown study.
 */
export async function getStudyImages(studyId: string, client: TDb = db()): Promise<StudyImages> {
  const study = await client.study.findUnique({
    where: { id: studyId },
    select: {
      id: true,
      studyInstanceUid: true,
      series: {
        orderBy: [{ seriesNumber: "asc" }, { seriesInstanceUid: "asc" }],
        select: {
          id: true,
          seriesInstanceUid: true,
          seriesNumber: true,
          description: true,
          modality: true,
          plane: true,
          weighting: true,
          frameOfReferenceUid: true,
          instances: {
            orderBy: [{ instanceNumber: "asc" }, { sopInstanceUid: "asc" }],
            select: {
              id: true,
              sopInstanceUid: true,
              instanceNumber: true,
              rows: true,
              columns: true,
              frames: true,
              samplesPerPixel: true,
              photometricInterpretation: true,
              rescaleSlope: true,
              rescaleIntercept: true,
              windowCenter: true,
              windowWidth: true,
              imagePositionPatient: true,
              imageOrientationPatient: true,
              pixelSpacing: true,
              sliceThickness: true,
            },
          },
        },
      },
    },
  });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "No such study." });
  return {
    studyId: study.id,
    studyInstanceUid: study.studyInstanceUid,
    series: study.series.map(({ instances, ...series }) => ({ ...series, instances: orderAlongNormal(instances) })),
  };
}

export type TRow = Omit<StudyImage, "positionAlongNormal" | "frameUrl">;

/** Exported for tests: sorts one series' rows along its normal and adds frame URLs. */
export function orderAlongNormal(instances: TRow[]): StudyImage[] {
  const reference = instances.find((i) => i.imageOrientationPatient.length === 6 && i.imagePositionPatient.length === 3);
  const normal = reference ? seriesNormal(reference.imageOrientationPatient) : null;
  const withPosition = instances.map((i) => ({
    ...i,
    positionAlongNormal: normal && i.imagePositionPatient.length === 3 ? dot(normal, i.imagePositionPatient) : null,
    frameUrl: `/api/instances/${encodeURIComponent(i.sopInstanceUid)}/frames/0`,
  }));
  // Array.prototype.sort is stable: equal positions keep instance-number order.
  return withPosition.sort((a, b) => {
    if (a.positionAlongNormal === null || b.positionAlongNormal === null) return a.positionAlongNormal === null ? (b.positionAlongNormal === null ? 0 : 1) : -1;
    return a.positionAlongNormal - b.positionAlongNormal;
  });
}

/** Unit normal row × column of an Image Orientation (Patient), LPS. */
function seriesNormal(iop: number[]): [number, number, number] | null {
  const [a1 = 0, a2 = 0, a3 = 0, b1 = 0, b2 = 0, b3 = 0] = iop;
  const n: [number, number, number] = [a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1];
  const length = Math.hypot(...n);
  return length > 0 ? [n[0] / length, n[1] / length, n[2] / length] : null;
}

function dot(a: [number, number, number], b: number[]): number {
  return a[0] * (b[0] ?? 0) + a[1] * (b[1] ?? 0) + a[2] * (b[2] ?? 0);
}
