import { z } from "zod";
import type { InstanceMeta } from "../dicom/types";
import { boxCenterToPatient } from "../geometry/box-center-to-patient";
import { selectSeries, type SeriesSelection } from "../geometry/select-series";
import { AppError } from "../errors/app-error";
import { ZBox, ZVertebraLabel } from "../phantom/truth";
import { assignSliceLevels, type AxialImage } from "./assign-slice-levels";
import type { TAnalysis, TAnalysisVertebra } from "./schema";

/** Vertebra boxes given instead of step 1 (`discern analyze --vertebrae`). */
export const ZVertebraInput = z.array(
  z.object({ label: ZVertebraLabel, sopInstanceUid: z.string(), box: ZBox, score: z.number().nullable().optional() }),
);
export type TVertebraInput = z.infer<typeof ZVertebraInput>;

export interface AnalyzeLevelsOptions {
  instances: readonly InstanceMeta[];
  skippedFiles: TAnalysis["skippedFiles"];
  /** Step 1's output (or given boxes): each box on the image it names. */
  vertebrae: TVertebraInput;
  /** The series selection when the caller already made it (the pipeline does, for step 1). */
  selection?: SeriesSelection;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Series selection and step 2 as a `discern.analysis/v1` document: the sagittal T2 and axial T2
 * series, each vertebra box's centre in patient space (via its own image's geometry), and every
 * axial slice's level, distance and flags. `discs`, `levels` and `models` stay empty for the ROI
 * and classification steps to fill.
 */
export function analyzeLevels(options: AnalyzeLevelsOptions): TAnalysis {
  const started = performance.now();
  const selection = options.selection ?? selectSeries(options.instances);
  const bySop = new Map(options.instances.map((i) => [i.sopInstanceUid, i]));
  const vertebrae: TAnalysisVertebra[] = options.vertebrae.map((v) => {
    const geometry = bySop.get(v.sopInstanceUid)?.geometry;
    if (!geometry) {
      throw new AppError("INVALID_INPUT", { userMessage: `The ${v.label} box names an image that is not in the folder or has no geometry (${v.sopInstanceUid}).` });
    }
    return { label: v.label, sopInstanceUid: v.sopInstanceUid, box: v.box, score: v.score ?? null, centerPatient: boxCenterToPatient(geometry, v.box).map(round3) as [number, number, number] };
  });
  const axialSet = new Set(selection.axial);
  const axialImages: AxialImage[] = options.instances
    .filter((i): i is InstanceMeta & { geometry: NonNullable<InstanceMeta["geometry"]> } => axialSet.has(i.seriesInstanceUid) && i.geometry !== undefined)
    .sort((a, b) => selection.axial.indexOf(a.seriesInstanceUid) - selection.axial.indexOf(b.seriesInstanceUid) || (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0))
    .map((i) => ({ sopInstanceUid: i.sopInstanceUid, seriesInstanceUid: i.seriesInstanceUid, geometry: i.geometry }));
  const slices = assignSliceLevels(vertebrae, axialImages);
  const levelsMs = performance.now() - started;
  return {
    schema: "discern.analysis/v1",
    studyInstanceUid: selection.studyInstanceUid ?? "",
    series: { sagittal: selection.sagittal, axial: selection.axial, ignored: selection.ignored },
    skippedFiles: options.skippedFiles,
    vertebrae,
    slices,
    discs: [],
    levels: [],
    models: [],
    device: "cpu",
    timingsMs: { levels: Math.round(levelsMs * 10) / 10 },
  };
}
