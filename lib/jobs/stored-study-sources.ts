import { parseDicom, type DataSet } from "dicom-parser";
import { db } from "../db/client";
import type { ImageGeometry, InstanceMeta, Vec3 } from "../dicom/types";
import { optionalNumber, optionalString } from "../dicom/read-instance";
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE } from "../dicom/transfer-syntax";
import { AppError } from "../errors/app-error";
import type { TStudySource } from "../pipeline/sources";
import { blobStore } from "../storage";

/** The Instance columns (with its series and study) that import wrote and the pipeline reads. */
const SELECT = {
  id: true,
  sha256: true,
  sopInstanceUid: true,
  sopClassUid: true,
  transferSyntaxUid: true,
  rows: true,
  columns: true,
  frames: true,
  samplesPerPixel: true,
  bitsAllocated: true,
  bitsStored: true,
  pixelRepresentation: true,
  photometricInterpretation: true,
  rescaleSlope: true,
  rescaleIntercept: true,
  windowCenter: true,
  windowWidth: true,
  imagePositionPatient: true,
  imageOrientationPatient: true,
  pixelSpacing: true,
  sliceThickness: true,
  frameOfReferenceUid: true,
  warnings: true,
  series: { select: { seriesInstanceUid: true, study: { select: { studyInstanceUid: true } } } },
} as const;

type TInstanceRow = Awaited<ReturnType<typeof findRows>>[number];

const findRows = (studyId: string) => db().instance.findMany({ where: { series: { studyId } }, select: SELECT, orderBy: { id: "asc" } });

/** Geometry from the stored columns, as lib/dicom's buildGeometry gave it at import (cosines already unit). */
function geometryOf(row: TInstanceRow): ImageGeometry | undefined {
  const [px, py, pz] = row.imagePositionPatient;
  const o = row.imageOrientationPatient;
  const [sr, sc] = row.pixelSpacing;
  if (px === undefined || py === undefined || pz === undefined || o.length !== 6 || sr === undefined || sc === undefined) return undefined;
  const geometry: ImageGeometry = {
    imagePositionPatient: [px, py, pz],
    rowCosines: o.slice(0, 3) as Vec3,
    columnCosines: o.slice(3, 6) as Vec3,
    pixelSpacing: [sr, sc],
    rows: row.rows,
    columns: row.columns,
  };
  if (row.sliceThickness !== null) geometry.sliceThickness = row.sliceThickness;
  if (row.frameOfReferenceUid !== null) geometry.frameOfReferenceUid = row.frameOfReferenceUid;
  return geometry;
}

/**
 * The header facts the series selection reads that the schema does not store (Image Type, TE, TR,
 * Echo Numbers, Acquisition Number, and the series/instance description and numbers as the file
 * gives them): read from the start of the data set up to (0020,0013), the same way lib/dicom's
 * metaFromDataSet reads them. Null when the quick read fails (the caller then parses the header).
 */
function selectionFacts(bytes: Uint8Array): Partial<InstanceMeta> | null {
  let dataSet: DataSet;
  try {
    dataSet = parseDicom(bytes, { untilTag: "x00200013" });
  } catch {
    return null;
  }
  const count = dataSet.numStringValues("x00080008");
  const facts: Partial<InstanceMeta> = {
    modality: optionalString(dataSet, "x00080060"),
    seriesNumber: optionalNumber(dataSet, "x00200011"),
    instanceNumber: optionalNumber(dataSet, "x00200013"),
    seriesDescription: optionalString(dataSet, "x0008103e"),
    imageType: count ? Array.from({ length: count }, (_, i) => dataSet.string("x00080008", i) ?? "") : undefined,
    echoTime: optionalNumber(dataSet, "x00180081"),
    repetitionTime: optionalNumber(dataSet, "x00180080"),
    echoNumber: optionalNumber(dataSet, "x00180086"),
    acquisitionNumber: optionalNumber(dataSet, "x00200012"),
  };
  for (const key of Object.keys(facts) as (keyof InstanceMeta)[]) if (facts[key] === undefined) delete facts[key];
  return facts;
}

/**
 * The InstanceMeta of a stored instance from its row (identifiers, transfer syntax, pixel format,
 * rescale, window, geometry, warnings: what import parsed and stored) plus selectionFacts; null
 * where the row cannot stand for the header — an enhanced/multi-frame object (its per-frame
 * functional groups are not stored), a transfer syntax other than Implicit/Explicit VR Little
 * Endian (deflated or big-endian data sets need lib/dicom's parser), or a failed quick read.
 */
export function metaFromRow(row: TInstanceRow, bytes: Uint8Array): InstanceMeta | null {
  if (row.frames !== 1 || (row.transferSyntaxUid !== IMPLICIT_VR_LE && row.transferSyntaxUid !== EXPLICIT_VR_LE)) return null;
  const facts = selectionFacts(bytes);
  if (!facts) return null;
  const meta: InstanceMeta = {
    sopInstanceUid: row.sopInstanceUid,
    studyInstanceUid: row.series.study.studyInstanceUid,
    seriesInstanceUid: row.series.seriesInstanceUid,
    transferSyntaxUid: row.transferSyntaxUid,
    rows: row.rows,
    columns: row.columns,
    frames: row.frames,
    samplesPerPixel: row.samplesPerPixel,
    bitsAllocated: row.bitsAllocated,
    bitsStored: row.bitsStored,
    pixelRepresentation: row.pixelRepresentation,
    photometricInterpretation: row.photometricInterpretation,
    rescaleSlope: row.rescaleSlope,
    rescaleIntercept: row.rescaleIntercept,
    warnings: [...row.warnings],
    ...facts,
  };
  if (row.sopClassUid !== null) meta.sopClassUid = row.sopClassUid;
  if (row.windowCenter !== null) meta.windowCenter = row.windowCenter;
  if (row.windowWidth !== null) meta.windowWidth = row.windowWidth;
  const geometry = geometryOf(row);
  if (geometry) meta.geometry = geometry;
  return meta;
}

/**
 * A study's stored files as pipeline sources (named `<instance id>.dcm`), read from the blob store
 * in parallel, each with the header facts import stored (metaFromRow), so that the pipeline does
 * not parse the headers again and finds each image's pixels from the row's pixel format
 * (lib/pipeline/stored-pixel-data.ts). A source without `meta` is parsed as before.
 * Throws INVALID_INPUT when the study has no stored images.
 */
export async function storedStudySources(studyId: string): Promise<TStudySource[]> {
  const rows = await findRows(studyId);
  if (rows.length === 0) throw new AppError("INVALID_INPUT", { userMessage: "The study has no stored images to analyse." });
  const store = blobStore();
  return Promise.all(
    rows.map(async (row) => {
      const bytes = await store.get(row.sha256);
      const meta = metaFromRow(row, bytes);
      return meta ? { path: `${row.id}.dcm`, bytes, meta } : { path: `${row.id}.dcm`, bytes };
    }),
  );
}
