import type { AnnotationKind } from "@prisma/client";
import { z } from "zod";
import { ZProbabilities } from "../analysis/schema";
import { AppError } from "../errors/app-error";
import { ZLevelFinding } from "../findings/schema";
import { ZBox, ZDiagnosis, ZDiscLevel, ZVec3, ZVertebraLabel } from "../phantom/truth";

/**
 * The `data` of an AnnotationRevision, one schema per AnnotationKind, checked on every write and
 * every read (the column is Json). Boxes are `[x0, y0, x1, y1]` in the named image's pixels
 * (x = column, corner origin, x1/y1 exclusive); points are LPS millimetres.
 */
const ZPixelBox = ZBox.refine((b) => b.every(Number.isFinite) && b[2] > b[0] && b[3] > b[1], "box must have x1 > x0 and y1 > y0");

export const ZVertebraBoxData = z.object({
  label: ZVertebraLabel,
  box: ZPixelBox,
  sopInstanceUid: z.string().min(1),
  /** 0-based frame of an enhanced multi-frame object; absent for a single-frame image. */
  frameIndex: z.number().int().nonnegative().optional(),
  /** Box centre, LPS mm, when known (the AI computes it; the browser recomputes it on a move). */
  centerPatient: ZVec3.optional(),
});

export const ZDiscRoiData = z.object({
  sopInstanceUid: z.string().min(1),
  /** 0-based frame of an enhanced multi-frame object; absent for a single-frame image. */
  frameIndex: z.number().int().nonnegative().optional(),
  level: ZDiscLevel.nullable().optional(),
  box: ZPixelBox,
  score: z.number().nullable().optional(),
  /** The AI's per-slice classification of this ROI, when it made one. */
  diagnosis: ZDiagnosis.optional(),
  probabilities: ZProbabilities.optional(),
});

export const ZSliceLevelData = z.object({
  sopInstanceUid: z.string().min(1),
  /** 0-based frame of an enhanced multi-frame object; absent for a single-frame image. */
  frameIndex: z.number().int().nonnegative().optional(),
  level: ZDiscLevel.nullable(),
  distanceMm: z.number().nullable(),
  flags: z.array(z.string().max(64)).max(16),
});

/**
 * A level's diagnosis: the paper's three classes (`diagnosis`, what the AI states and what
 * statistics at the paper's granularity read) and, when a reader refined it, the full finding in
 * the NASS/ASSR/ASNR 2014 vocabulary (lib/findings). Added additively (issue 16): rows written
 * before it have no `finding` and read as contour values (levelFindingOf). When both are present
 * they must agree: `diagnosis` is the finding's disc contour.
 */
export const ZLevelDiagnosisData = z
  .object({
    level: ZDiscLevel,
    diagnosis: ZDiagnosis,
    probabilities: ZProbabilities.optional(),
    finding: ZLevelFinding.optional(),
  })
  .refine((d) => !d.finding || d.finding.disc.contour === d.diagnosis, { message: "diagnosis must be the finding's disc contour", path: ["diagnosis"] });

/**
 * A length the reader measured on one (axial) image (issue 16.3): two points in that image's
 * pixels (x = column, y = row, corner origin), the length in mm from its Pixel Spacing
 * (lib/findings pixelLengthMm), what it measures, and the disc level it belongs to. Keyed by `id`
 * (a client-made UUID), so a reading holds any number of them.
 */
export const ZLengthData = z.object({
  id: z.string().regex(/^[0-9a-f-]{8,64}$/i, "id must be a UUID"),
  sopInstanceUid: z.string().min(1),
  frameIndex: z.number().int().nonnegative().optional(),
  level: ZDiscLevel.nullable(),
  purpose: z.enum(["herniation-ap", "canal-ap"]),
  points: z.tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])]).refine((p) => p.flat().every(Number.isFinite), "points must be finite"),
  lengthMm: z.number().positive().max(500),
});

/**
 * The reading's impression (issue 16.4): free text the reader writes, prefilled in the viewer
 * with lib/findings suggestedImpression. One per reading, keyed "impression".
 */
export const ZImpressionData = z.object({ text: z.string().trim().min(1, "the impression is empty").max(4000) });

export type TVertebraBoxData = z.infer<typeof ZVertebraBoxData>;
export type TDiscRoiData = z.infer<typeof ZDiscRoiData>;
export type TSliceLevelData = z.infer<typeof ZSliceLevelData>;
export type TLevelDiagnosisData = z.infer<typeof ZLevelDiagnosisData>;
export type TLengthData = z.infer<typeof ZLengthData>;
export type TImpressionData = z.infer<typeof ZImpressionData>;

export const ANNOTATION_KINDS = ["VERTEBRA_BOX", "DISC_ROI", "SLICE_LEVEL", "LEVEL_DIAGNOSIS", "LENGTH", "IMPRESSION"] as const satisfies readonly AnnotationKind[];
export const ZAnnotationKind = z.enum(ANNOTATION_KINDS);
export type TAnnotationKind = z.infer<typeof ZAnnotationKind>;

export interface TAnnotationDataByKind {
  VERTEBRA_BOX: TVertebraBoxData;
  DISC_ROI: TDiscRoiData;
  SLICE_LEVEL: TSliceLevelData;
  LEVEL_DIAGNOSIS: TLevelDiagnosisData;
  LENGTH: TLengthData;
  IMPRESSION: TImpressionData;
}
export type TAnnotationData = TAnnotationDataByKind[TAnnotationKind];

export const ANNOTATION_DATA_SCHEMAS = {
  VERTEBRA_BOX: ZVertebraBoxData,
  DISC_ROI: ZDiscRoiData,
  SLICE_LEVEL: ZSliceLevelData,
  LEVEL_DIAGNOSIS: ZLevelDiagnosisData,
  LENGTH: ZLengthData,
  IMPRESSION: ZImpressionData,
} as const;

/** A kind with its data, as the API and the client pass them around. */
export const ZAnnotationValue = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("VERTEBRA_BOX"), data: ZVertebraBoxData }),
  z.object({ kind: z.literal("DISC_ROI"), data: ZDiscRoiData }),
  z.object({ kind: z.literal("SLICE_LEVEL"), data: ZSliceLevelData }),
  z.object({ kind: z.literal("LEVEL_DIAGNOSIS"), data: ZLevelDiagnosisData }),
  z.object({ kind: z.literal("LENGTH"), data: ZLengthData }),
  z.object({ kind: z.literal("IMPRESSION"), data: ZImpressionData }),
]);

/**
 * The key that identifies an annotated thing inside a reading (see the Annotation model): the
 * label of a vertebra, the SOP Instance UID of a slice's ROI or level, the level of a diagnosis, the id of a length.
 */
export function annotationKeyOf<K extends TAnnotationKind>(kind: K, data: TAnnotationDataByKind[K]): string {
  switch (kind) {
    case "VERTEBRA_BOX":
      return (data as TVertebraBoxData).label;
    case "DISC_ROI":
      return (data as TDiscRoiData).sopInstanceUid;
    case "SLICE_LEVEL":
      return (data as TSliceLevelData).sopInstanceUid;
    case "LENGTH":
      return (data as TLengthData).id;
    case "IMPRESSION":
      return "impression";
    default:
      return (data as TLevelDiagnosisData).level;
  }
}

/** Checks `data` against its kind's schema; a mismatch is INVALID_INPUT (422). */
export function parseAnnotationData<K extends TAnnotationKind>(kind: K, data: unknown): TAnnotationDataByKind[K] {
  const result = ANNOTATION_DATA_SCHEMAS[kind].safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    throw new AppError("INVALID_INPUT", { userMessage: `Invalid ${kind} annotation (${where}${first?.message ?? "unknown problem"}).` });
  }
  return result.data as TAnnotationDataByKind[K];
}

/** Reads stored `data`; a stored value that no longer parses is a server defect (500), not the client's. */
export function readAnnotationData<K extends TAnnotationKind>(kind: K, data: unknown, revisionId: string): TAnnotationDataByKind[K] {
  const result = ANNOTATION_DATA_SCHEMAS[kind].safeParse(data);
  if (!result.success) throw new AppError("INTERNAL", { message: `stored ${kind} revision ${revisionId} does not match its schema` });
  return result.data as TAnnotationDataByKind[K];
}

/** Checks that an annotation's key agrees with its data (the L4 box is keyed "L4"). */
export function assertKeyMatches(kind: TAnnotationKind, key: string, data: TAnnotationData): void {
  const expected = annotationKeyOf(kind, data as never);
  if (expected !== key) throw new AppError("INVALID_INPUT", { userMessage: `The ${kind} annotation's key "${key}" does not match its data ("${expected}").` });
}
