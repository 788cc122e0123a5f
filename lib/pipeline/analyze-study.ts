import { analyzeLevels, type TVertebraInput } from "../analysis/analyze-levels";
import { ZAnalysis, type TAnalysis, type TAnalysisCounting, type TAnalysisDisc, type TAnalysisSlice } from "../analysis/schema";
import type { Box } from "../dicom/types";
import { AppError } from "../errors/app-error";
import { selectSeries } from "../geometry/select-series";
import type { TInferenceDevice } from "../inference/device";
import type { StageTimings } from "../inference/infer-task";
import type { Detection } from "../inference/decode";
import type { GreyFrame } from "../inference/preprocess";
import { clipBox } from "./clip-box";
import { aggregateLevels, argmaxDiagnosis, roundProbabilities, type LevelVote } from "./aggregate-levels";
import { decodeGreyFrame } from "./grey-frame";
import { countingFlagsOfLevel } from "./counting-flags";
import { locateVertebrae } from "./locate-vertebrae";
import { loadPipelineModels, type PipelineModels } from "./pipeline-models";
import { loadStudySources, type LoadedInstance, type TStudySource } from "./sources";

export const PIPELINE_STEPS = ["load", "decode", "vertebrae", "levels", "roi", "classify"] as const;
export type TPipelineStep = (typeof PIPELINE_STEPS)[number];

export interface AnalyzeStudyOptions {
  /** A folder (read recursively) or the study's files / bytes. */
  input: string | readonly TStudySource[];
  /** Loaded models to reuse across studies; loaded (from the session cache) when absent. */
  models?: PipelineModels;
  device?: TInferenceDevice;
  modelsDir?: string;
  /** Given vertebra boxes: replace step 1 (`discern analyze --vertebrae`). */
  vertebrae?: TVertebraInput;
  /** Called as each step starts, with the fraction of the work done before it. */
  onProgress?: (step: TPipelineStep, fraction: number) => void | Promise<void>;
}

export interface AnalyzeStudyResult {
  analysis: TAnalysis;
  /** Per inference step: preprocessing, session.run and decoding milliseconds, session.run calls. */
  stages: Partial<Record<"vertebrae" | "roi" | "classify", StageTimings & { runs: number }>>;
  warnings: string[];
}

/** Thresholds behind the flags a reader should check. */
export const PIPELINE_FLAG_RULES = {
  /** Vertebra and ROI boxes under this score are flagged "low-score". */
  lowScore: 0.5,
  /** A classification whose two best probabilities are closer than this is "ambiguous-diagnosis". */
  ambiguousMargin: 0.2,
} as const;

const PROGRESS: Record<TPipelineStep, number> = { load: 0, decode: 0.1, vertebrae: 0.2, levels: 0.4, roi: 0.5, classify: 0.75 };
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const roundBox = (b: Box): Box => [r2(b[0]), r2(b[1]), r2(b[2]), r2(b[3])];

/**
 * The slices whose ROI is classified: every one that cuts its disc (not flagged off-disc), and for
 * a level without such a slice the off-disc one closest to the disc centre (aggregateLevels' rule).
 */
function slicesToClassify<T extends { slice: TAnalysisSlice }>(items: readonly T[]): T[] {
  const onDisc = items.filter((w) => !w.slice.flags.includes("off-disc"));
  const covered = new Set(onDisc.map((w) => w.slice.level));
  const fallback = new Map<string, T>();
  for (const w of items) {
    const level = w.slice.level;
    if (level === null || covered.has(level)) continue;
    const best = fallback.get(level);
    const d = Math.abs(w.slice.distanceMm ?? Number.POSITIVE_INFINITY);
    if (!best || d < Math.abs(best.slice.distanceMm ?? Number.POSITIVE_INFINITY)) fallback.set(level, w);
  }
  const keep = new Set<T>([...onDisc, ...fallback.values()]);
  return items.filter((w) => keep.has(w));
}

/** Detections clipped to their image; degenerate boxes (negative or sub-pixel size) are dropped. */
function clipDetections(detections: readonly Detection[], frame: GreyFrame): Detection[] {
  return detections.flatMap((d) => {
    const box = clipBox(d.box, frame.width, frame.height);
    return box ? [{ ...d, box }] : [];
  });
}

/**
 * The paper's four steps over one study, as staged tasks: (1) vertebra detection on the
 * mid-sagittal T2 image, one box per label in anatomical order; (2) each axial slice's disc level
 * from patient geometry (lib/analysis → lib/geometry); (3) disc ROI detection on every axial
 * slice that has a level, batched; (4) classification of the ROI crops of the slices that cut a
 * disc, batched, then the per-level aggregation of aggregateLevels. Returns a `discern.analysis/v1` document (checked
 * with zod) with per-step timings and the device used. Framework-free: the CLI, the worker, eval
 * and the benchmark all call this.
 */
export async function analyzeStudy(options: AnalyzeStudyOptions): Promise<AnalyzeStudyResult> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const stages: AnalyzeStudyResult["stages"] = {};
  const progress = async (step: TPipelineStep) => options.onProgress?.(step, PROGRESS[step]);
  const models =
    options.models ?? (await loadPipelineModels({ device: options.device, modelsDir: options.modelsDir, withoutVertebrae: options.vertebrae !== undefined }));
  const warnings = [...models.warnings];

  await progress("load");
  const t0 = performance.now();
  const study = await loadStudySources(options.input);
  const metas = study.instances.map((i) => i.meta);
  const selection = selectSeries(metas);
  warnings.push(...study.warnings, ...selection.warnings);
  const bySop = new Map(study.instances.map((i) => [i.meta.sopInstanceUid, i]));
  const pathOf = (sop: string) => bySop.get(sop)?.path;
  timings.load = performance.now() - t0;
  let decodeMs = 0;
  /** Decodes one image: a single-frame instance, or frame `frameIndex` of an enhanced object. */
  const decode = async (instance: LoadedInstance, frameIndex = 0): Promise<GreyFrame> => {
    const t = performance.now();
    try {
      return await decodeGreyFrame(instance.bytes, frameIndex, instance.meta);
    } finally {
      decodeMs += performance.now() - t;
    }
  };

  // Step 1: vertebrae on the mid-sagittal image, unless given.
  await progress("vertebrae");
  let vertebrae: TVertebraInput;
  const lowVertebrae = new Set<string>();
  let counting: TAnalysisCounting = { basis: "given", flags: [], notes: ["Vertebrae given with the request (not detected)."], inferred: [], bodies: [] };
  let vertebraFlags = new Map<string, string[]>();
  if (options.vertebrae) {
    vertebrae = options.vertebrae;
    timings.vertebrae = 0;
  } else {
    const task = models.vertebrae;
    const manifest = models.manifests.find((m) => m.task === "vertebra-detection");
    if (!task || !manifest) throw new AppError("MODEL_MISSING", { userMessage: "The vertebra detection model was not loaded." });
    // Image by image: an enhanced sagittal gives one image per frame, each with its own position.
    const sagittal = selection.sagittalImages.flatMap((image) => (image.geometry ? [{ ...image, geometry: image.geometry }] : []));
    if (sagittal.length === 0) {
      throw new AppError("INVALID_INPUT", { userMessage: "The study has no sagittal T2 series, so the vertebrae cannot be located." });
    }
    const t = performance.now();
    const decoded = decodeMs;
    const located = await locateVertebrae({
      images: sagittal,
      decode: (image) => decode(bySop.get(image.sopInstanceUid)!, image.frameIndex),
      task,
      manifest,
      lowScore: PIPELINE_FLAG_RULES.lowScore,
    });
    vertebrae = located.vertebrae.map(({ flags: _flags, ...v }) => v);
    for (const label of located.lowScore) lowVertebrae.add(label);
    warnings.push(...located.warnings);
    counting = located.counting;
    vertebraFlags = new Map(located.vertebrae.map((v) => [v.label, v.flags]));
    timings.vertebrae = performance.now() - t - (decodeMs - decoded);
    stages.vertebrae = { ...located.inference.timings, runs: located.inference.runs };
  }

  // Step 2: levels from geometry.
  await progress("levels");
  let t = performance.now();
  const analysis = analyzeLevels({ instances: metas, skippedFiles: study.skippedFiles, vertebrae, selection, pathOf });
  if (study.warnings.length > 0) analysis.warnings = [...study.warnings, ...(analysis.warnings ?? [])];
  timings.levels = performance.now() - t;
  for (const slice of analysis.slices) {
    if (slice.level === null) continue;
    const [upper, lower] = slice.level.split("-");
    if (lowVertebrae.has(upper!) || lowVertebrae.has(lower!)) slice.flags.push("low-score-vertebra");
  }
  analysis.countingBasis = counting.basis;
  analysis.counting = counting;
  for (const v of analysis.vertebrae) {
    const flags = vertebraFlags.get(v.label);
    if (flags && flags.length > 0) v.flags = flags;
  }
  for (const slice of analysis.slices) slice.flags.push(...countingFlagsOfLevel(counting.flags, slice.level));

  // Step 3: disc ROI on every axial slice with a level, batched.
  await progress("roi");
  const leveled = analysis.slices.filter((s) => s.level !== null);
  const frames: GreyFrame[] = [];
  for (const s of leveled) frames.push(await decode(bySop.get(s.sopInstanceUid)!, s.frameIndex));
  t = performance.now();
  const roiResult = frames.length > 0 ? await models.roi.run(frames) : null;
  timings.roi = performance.now() - t;
  if (roiResult) stages.roi = { ...roiResult.timings, runs: roiResult.runs };
  const withRoi: { index: number; box: Box; score: number }[] = [];
  leveled.forEach((slice, index) => {
    const best = clipDetections(roiResult?.outputs[index] ?? [], frames[index]!).sort((a, b) => b.score - a.score)[0];
    const offDisc = slice.flags.includes("off-disc");
    if (!best) {
      if (!offDisc) slice.flags.push("no-roi");
      return;
    }
    // A weak box on a slice through a vertebral body is expected; on a disc slice it needs a look.
    if (best.score < PIPELINE_FLAG_RULES.lowScore && !offDisc) slice.flags.push("low-score-roi");
    withRoi.push({ index, box: best.box, score: best.score });
  });

  // Step 4: classify the ROI crops of the slices that cut a disc, batched; a level whose slices
  // are all off-disc gets its closest one. Boxes on slices through vertebral bodies are left out.
  await progress("classify");
  t = performance.now();
  const toClassify = slicesToClassify(withRoi.map((w) => ({ ...w, slice: leveled[w.index]! })));
  const cls = toClassify.length > 0 ? await models.classifier.run(toClassify.map((w) => ({ frame: frames[w.index]!, box: w.box }))) : null;
  if (cls) stages.classify = { ...cls.timings, runs: cls.runs };
  const discs: TAnalysisDisc[] = [];
  const votes: LevelVote[] = [];
  toClassify.forEach((w, k) => {
    const slice = leveled[w.index]!;
    const c = cls?.outputs[k];
    if (!c || slice.level === null) return;
    const probabilities = { normal: c.probabilities.normal ?? 0, bulge: c.probabilities.bulge ?? 0, herniation: c.probabilities.herniation ?? 0 };
    const sorted = Object.values(probabilities).sort((a, b) => b - a);
    if ((sorted[0] ?? 0) - (sorted[1] ?? 0) < PIPELINE_FLAG_RULES.ambiguousMargin) slice.flags.push("ambiguous-diagnosis");
    discs.push({
      sopInstanceUid: slice.sopInstanceUid,
      ...(slice.frameIndex === undefined ? {} : { frameIndex: slice.frameIndex }),
      level: slice.level,
      roi: roundBox(w.box),
      score: r4(w.score),
      diagnosis: argmaxDiagnosis(probabilities),
      probabilities: roundProbabilities(probabilities),
    });
    votes.push({ sopInstanceUid: slice.sopInstanceUid, level: slice.level, distanceMm: slice.distanceMm, offDisc: slice.flags.includes("off-disc"), roiScore: w.score, probabilities });
  });
  analysis.discs = discs;
  analysis.levels = aggregateLevels(votes).map((l) => {
    const flags = countingFlagsOfLevel(counting.flags, l.level);
    return flags.length > 0 ? { ...l, flags } : l;
  });
  timings.classify = performance.now() - t;
  timings.decode = decodeMs;

  const used = options.vertebrae ? models.manifests.filter((m) => m.task !== "vertebra-detection") : models.manifests;
  analysis.models = used.map((m) => ({ id: m.id, version: m.version }));
  analysis.device = models.device;
  const total = performance.now() - started;
  analysis.timingsMs = {
    ...(options.models ? {} : { modelLoad: r1(models.loadMs) }),
    load: r1(timings.load ?? 0),
    decode: r1(decodeMs),
    vertebrae: r1(timings.vertebrae ?? 0),
    levels: r1(timings.levels ?? 0),
    roi: r1(timings.roi ?? 0),
    classify: r1(timings.classify ?? 0),
    total: r1(total),
  };
  return { analysis: ZAnalysis.parse(analysis), stages, warnings };
}
