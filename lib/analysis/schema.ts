import { z } from "zod";
import { ZBox, ZDiagnosis, ZDiscLevel, ZVec3, ZVertebraLabel } from "../phantom/truth";

/**
 * The `discern.analysis/v1` document (../shared/DESIGN.md): what `discern analyze --json`
 * prints, what the worker stores as AI annotations, what `discern eval` scores. Pixel boxes
 * `[x0, y0, x1, y1]` are in the named image's pixels (corner origin, x1/y1 exclusive); points
 * are LPS millimetres.
 */
export const ZProbabilities = z.object({ normal: z.number(), bulge: z.number(), herniation: z.number() });

/** 0-based frame of an enhanced multi-frame object; absent for single-frame images. */
const ZFrameIndex = z.number().int().nonnegative().optional();

export const ZAnalysisVertebra = z.object({
  label: ZVertebraLabel,
  sopInstanceUid: z.string(),
  frameIndex: ZFrameIndex,
  box: ZBox,
  score: z.number().nullable(),
  centerPatient: ZVec3,
  /** Counting flags on this body (`counting-uncertain`, `transitional-vertebra-suspected`). Additive to v1. */
  flags: z.array(z.string()).optional(),
});

export const ZAnalysisSlice = z.object({
  sopInstanceUid: z.string(),
  frameIndex: ZFrameIndex,
  seriesInstanceUid: z.string(),
  level: ZDiscLevel.nullable(),
  distanceMm: z.number().nullable(),
  flags: z.array(z.string()),
});

export const ZAnalysisDisc = z.object({
  sopInstanceUid: z.string(),
  frameIndex: ZFrameIndex,
  level: ZDiscLevel,
  roi: ZBox,
  score: z.number(),
  diagnosis: ZDiagnosis,
  probabilities: ZProbabilities,
});

export const ZAnalysisLevel = z.object({
  level: ZDiscLevel,
  diagnosis: ZDiagnosis,
  probabilities: ZProbabilities,
  sopInstanceUids: z.array(z.string()),
  /** Counting flags that touch this level's name. Additive to v1. */
  flags: z.array(z.string()).optional(),
});

/**
 * How the vertebrae were named (issue 11): "sacrum" counted up from S1, "appearance" by a v0.1
 * detector's per-label reading, "given" by `--vertebrae`, "none" not named (no sacrum found).
 */
export const ZCountingBasis = z.enum(["sacrum", "appearance", "given", "none"]);

/** The count behind the names: its flags and notes, and every body seen (named or not). Additive to v1. */
export const ZAnalysisCounting = z.object({
  basis: ZCountingBasis,
  flags: z.array(z.string()),
  /** One sentence each, for the reader and the report. */
  notes: z.array(z.string()),
  /** Names counted across a gap where no box was found. */
  inferred: z.array(z.string()),
  /** Every fused body from S1 up (then any below S1); `name` null when not counted or caudal to S1. */
  bodies: z.array(
    z.object({
      kind: z.enum(["vertebra", "sacrum"]),
      name: z.string().nullable(),
      sopInstanceUid: z.string(),
      frameIndex: z.number().int().nonnegative().optional(),
      box: ZBox,
      score: z.number(),
      centerPatient: ZVec3,
    }),
  ),
});

export const ZAnalysis = z.object({
  schema: z.literal("discern.analysis/v1"),
  studyInstanceUid: z.string(),
  series: z.object({
    sagittal: z.string().nullable(),
    axial: z.array(z.string()),
    ignored: z.array(z.object({ seriesInstanceUid: z.string(), reason: z.string() })),
  }),
  skippedFiles: z.array(z.object({ path: z.string(), reason: z.string() })),
  /**
   * Images read but left out of the series they came with (a localizer inside the sagittal T2, an
   * image without position, a stray plane, a duplicate): the rest of the series is used.
   * Additive to v1: absent in documents written before it.
   */
  setAsideImages: z
    .array(z.object({ sopInstanceUid: z.string(), seriesInstanceUid: z.string(), frameIndex: ZFrameIndex, path: z.string().optional(), reason: z.string() }))
    .optional(),
  /** Study-level notes a reader should see (images set aside, series split by echo). Additive to v1. */
  warnings: z.array(z.string()).optional(),
  /** How the vertebrae were named; absent in documents written before issue 11. */
  countingBasis: ZCountingBasis.optional(),
  counting: ZAnalysisCounting.optional(),
  vertebrae: z.array(ZAnalysisVertebra),
  slices: z.array(ZAnalysisSlice),
  discs: z.array(ZAnalysisDisc),
  levels: z.array(ZAnalysisLevel),
  models: z.array(z.object({ id: z.string(), version: z.string() })),
  device: z.string(),
  timingsMs: z.record(z.string(), z.number()),
});

export type TAnalysis = z.infer<typeof ZAnalysis>;
export type TAnalysisVertebra = z.infer<typeof ZAnalysisVertebra>;
export type TAnalysisSlice = z.infer<typeof ZAnalysisSlice>;
export type TAnalysisDisc = z.infer<typeof ZAnalysisDisc>;
export type TAnalysisLevel = z.infer<typeof ZAnalysisLevel>;
export type TProbabilities = z.infer<typeof ZProbabilities>;
export type TAnalysisCounting = z.infer<typeof ZAnalysisCounting>;
export type TCountingBasis = z.infer<typeof ZCountingBasis>;
