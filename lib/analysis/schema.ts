import { z } from "zod";
import { ZBox, ZDiagnosis, ZDiscLevel, ZVec3, ZVertebraLabel } from "../phantom/truth";

/**
 * The `discern.analysis/v1` document (../shared/DESIGN.md): what `discern analyze --json`
 * prints, what the worker stores as AI annotations, what `discern eval` scores. Pixel boxes
 * `[x0, y0, x1, y1]` are in the named image's pixels (corner origin, x1/y1 exclusive); points
 * are LPS millimetres.
 */
export const ZProbabilities = z.object({ normal: z.number(), bulge: z.number(), herniation: z.number() });

export const ZAnalysisVertebra = z.object({
  label: ZVertebraLabel,
  sopInstanceUid: z.string(),
  box: ZBox,
  score: z.number().nullable(),
  centerPatient: ZVec3,
});

export const ZAnalysisSlice = z.object({
  sopInstanceUid: z.string(),
  seriesInstanceUid: z.string(),
  level: ZDiscLevel.nullable(),
  distanceMm: z.number().nullable(),
  flags: z.array(z.string()),
});

export const ZAnalysisDisc = z.object({
  sopInstanceUid: z.string(),
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
