import { z } from "zod";
import type { InstanceMeta } from "../dicom/types";
import { boxCenterToPatient } from "../geometry/box-center-to-patient";
import { selectSeries, type SeriesSelection } from "../geometry/select-series";
import { imageKey, imagesOf } from "../geometry/series-images";
import { AppError } from "../errors/app-error";
import { ZBox, ZVertebraLabel } from "../phantom/truth";
import { assignSliceLevels, type AxialImage } from "./assign-slice-levels";
import type { TAnalysis, TAnalysisVertebra } from "./schema";

/** Vertebra boxes given instead of step 1 (`discern analyze --vertebrae`). */
export const ZVertebraInput = z.array(
  z.object({ label: ZVertebraLabel, sopInstanceUid: z.string(), frameIndex: z.number().int().nonnegative().optional(), box: ZBox, score: z.number().nullable().optional() }),
);
export type TVertebraInput = z.infer<typeof ZVertebraInput>;

export interface AnalyzeLevelsOptions {
  instances: readonly InstanceMeta[];
  skippedFiles: TAnalysis["skippedFiles"];
  /** Step 1's output (or given boxes): each box on the image it names. */
  vertebrae: TVertebraInput;
  /** The series selection when the caller already made it (the pipeline does, for step 1). */
  selection?: SeriesSelection;
  /** The file an instance came from (SOP Instance UID → path), to name set-aside images. */
  pathOf?: (sopInstanceUid: string) => string | undefined;
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
  // Images by key: an enhanced multi-frame object gives one image per frame (sop[frame]).
  const byKey = new Map(options.instances.flatMap((i) => imagesOf(i)).map((image) => [image.key, image]));
  const vertebrae: TAnalysisVertebra[] = options.vertebrae.map((v) => {
    const image = byKey.get(imageKey(v.sopInstanceUid, v.frameIndex)) ?? (v.frameIndex === undefined ? byKey.get(imageKey(v.sopInstanceUid, 0)) : undefined);
    const geometry = image?.geometry;
    if (!image || !geometry) {
      throw new AppError("INVALID_INPUT", { userMessage: `The ${v.label} box names an image that is not in the folder or has no geometry (${v.sopInstanceUid}).` });
    }
    const frame = image.frameIndex === undefined ? {} : { frameIndex: image.frameIndex };
    return { label: v.label, sopInstanceUid: v.sopInstanceUid, ...frame, box: v.box, score: v.score ?? null, centerPatient: boxCenterToPatient(geometry, v.box).map(round3) as [number, number, number] };
  });
  const axialImages: AxialImage[] = selection.axialImages.flatMap((i) =>
    i.geometry ? [{ sopInstanceUid: i.sopInstanceUid, seriesInstanceUid: i.seriesInstanceUid, ...(i.frameIndex === undefined ? {} : { frameIndex: i.frameIndex }), geometry: i.geometry }] : [],
  );
  const slices = assignSliceLevels(vertebrae, axialImages);
  const levelsMs = performance.now() - started;
  return {
    schema: "discern.analysis/v1",
    studyInstanceUid: selection.studyInstanceUid ?? "",
    series: { sagittal: selection.sagittal, axial: selection.axial, ignored: selection.ignored },
    skippedFiles: options.skippedFiles,
    setAsideImages: selection.setAside.map((a) => {
      const path = options.pathOf?.(a.sopInstanceUid);
      return { ...a, ...(path === undefined ? {} : { path }) };
    }),
    warnings: selection.warnings,
    vertebrae,
    slices,
    discs: [],
    levels: [],
    models: [],
    device: "cpu",
    timingsMs: { levels: Math.round(levelsMs * 10) / 10 },
  };
}
