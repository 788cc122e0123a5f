import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../errors/app-error";

/**
 * manifest.json beside each model.onnx in models/<id>/ (written by models/training/export.py).
 * It is the whole contract between a trained model and lib/inference: how to build the input
 * tensor from a decoded frame, and which decoder turns the outputs into boxes or probabilities.
 */
export const ZPreprocess = z.object({
  source: z.string(),
  resample: z.object({
    method: z.literal("bilinear-half-pixel-clamp"),
    /**
     * full-image: the whole frame; roi-box: the box given with the frame (classifier crops);
     * centered-square: the square of side max(W, H) centred on the frame (AI-CONTRACT.md), so the
     * aspect ratio is kept and the short side is padded by edge clamping.
     */
    region: z.enum(["full-image", "roi-box", "centered-square"]),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** Informative: true only makes sense with "centered-square" (the region keeps the aspect). */
    keepAspect: z.boolean(),
  }),
  normalize: z.discriminatedUnion("method", [
    /** (x - mean) / (std + eps) over the resampled image, population std. */
    z.object({ method: z.literal("zscore"), eps: z.number().nonnegative() }),
    /** (x - min) / (max - min + eps) over the resampled image: [0, 1], torchvision detectors. */
    z.object({ method: z.literal("minmax"), eps: z.number().nonnegative() }),
    /** x * scale + offset (fixed intensities). */
    z.object({ method: z.literal("affine"), scale: z.number(), offset: z.number() }),
    /**
     * Percentiles `low` and `high` (0–100) of the resampled plane, lower-index rule
     * v[floor(p/100 · (n − 1))] of the ascending values; clip to [lo, hi], then
     * (x − lo) / (hi − lo + eps) in [0, 1] (AI-CONTRACT.md).
     */
    z
      .object({
        method: z.literal("percentile-clip"),
        low: z.number().min(0).max(100),
        high: z.number().min(0).max(100),
        eps: z.number().nonnegative(),
      })
      .refine((n) => n.low < n.high, { message: "percentile-clip needs low < high" }),
  ]),
});

/** Best boxes per class: one number for every class, or a limit per label (every label named; checked with the manifest). */
export const ZMaxPerClass = z.union([z.number().int().positive(), z.record(z.string(), z.number().int().positive())]);

/** CenterNet heads: per-class sigmoid heatmap, box size and sub-cell offset at stride `stride`. */
export const ZCenterNetOutput = z.object({
  format: z.literal("centernet"),
  heatmap: z.string(),
  size: z.string(),
  offset: z.string(),
  stride: z.number().positive(),
  /** Multiply the size head by this to get model-input pixels. */
  sizeScale: z.number().positive(),
  heatmapActivation: z.literal("sigmoid-in-model"),
  peak: z.literal("3x3-local-max"),
  maxPerClass: ZMaxPerClass,
  scoreThreshold: z.number().min(0).max(1),
  /**
   * Per-label thresholds that replace `scoreThreshold` for those labels (a counting detector lets
   * faint "sacrum" peaks through, which lib/pipeline uses only when no confident sacrum box exists).
   */
  scoreThresholdByLabel: z.record(z.string(), z.number().min(0).max(1)).optional(),
  /** Greedy non-maximum suppression per class after peak picking: a peak overlapping a better kept box by IoU above this is dropped. */
  nmsIoU: z.number().min(0).max(1).optional(),
  /**
   * exclusive-max-total-score (v0.1 models): one label per object and one object per label: take
   * `candidatesPerClass` peaks per class, then the combination (a candidate or none per class)
   * with the highest total score in which no two boxes overlap by IoU above `conflictIoU`
   * (vertebrae: L5 and S1 never share a body).
   * count-from-sacrum (v0.2 vertebra detector, labels "vertebra" and "sacrum"): boxes stay
   * class-agnostic; lib/pipeline names them by counting up from S1 (countVertebrae).
   */
  assignment: z
    .discriminatedUnion("method", [
      z.object({
        method: z.literal("exclusive-max-total-score"),
        candidatesPerClass: z.number().int().positive().max(4),
        conflictIoU: z.number().min(0).max(1),
      }),
      z.object({ method: z.literal("count-from-sacrum") }),
    ])
    .optional(),
  boxSpace: z.string(),
});

/**
 * Detections already decoded by the model (a torchvision Faster R-CNN export): `boxes` (N, 4) in
 * model-input pixels `[x0, y0, x1, y1]`, `labels` (N) int64, `scores` (N); one image per run
 * (unbatched input) unless the input shape has a batch dimension.
 */
export const ZDetectionsOutput = z.object({
  format: z.literal("detections"),
  boxes: z.string(),
  labels: z.string(),
  scores: z.string(),
  /** Subtracted from the model's label ids before indexing `labels` (1 for torchvision). */
  labelOffset: z.number().int().default(0),
  maxPerClass: z.number().int().positive(),
  scoreThreshold: z.number().min(0).max(1),
});

/** Class logits (N, labels.length); `activation` turns them into probabilities. */
export const ZClassifierOutput = z.object({
  format: z.literal("classifier"),
  logits: z.string(),
  activation: z.literal("softmax"),
});

export const ZModelOutput = z.discriminatedUnion("format", [
  ZCenterNetOutput,
  ZDetectionsOutput,
  ZClassifierOutput,
]);

export const ZModelManifest = z.object({
  schema: z.literal("discern.model-manifest/v1"),
  id: z.string().min(1),
  version: z.string().min(1),
  task: z.enum(["vertebra-detection", "disc-roi-detection", "disc-classification"]),
  description: z.string().optional(),
  demo: z.boolean().optional(),
  intendedUse: z.string().optional(),
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive().optional(),
  opset: z.number().int().optional(),
  input: z.object({
    name: z.string(),
    /** NCHW with -1 for a dynamic batch, or CHW for an unbatched model (torchvision detectors). */
    shape: z.array(z.number().int()).min(3).max(4),
    dtype: z.literal("float32"),
    layout: z.enum(["NCHW", "CHW"]),
  }),
  preprocess: ZPreprocess,
  labels: z.array(z.string()).min(1),
  output: ZModelOutput,
  outputs: z.array(z.object({ name: z.string(), meaning: z.string() }).passthrough()).optional(),
  training: z.record(z.string(), z.unknown()).optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.string().optional(),
}).superRefine((m, ctx) => {
  const max = "maxPerClass" in m.output ? m.output.maxPerClass : undefined;
  if (max !== undefined && typeof max === "object") {
    const missing = m.labels.filter((l) => max[l] === undefined);
    if (missing.length > 0) ctx.addIssue({ code: "custom", path: ["output", "maxPerClass"], message: `no limit for ${missing.join(", ")}` });
  }
  if (m.output.format === "centernet" && m.output.assignment?.method === "count-from-sacrum" && !m.labels.includes("sacrum")) {
    ctx.addIssue({ code: "custom", path: ["labels"], message: "count-from-sacrum needs a \"sacrum\" label" });
  }
});

/** The score threshold of one label: `scoreThresholdByLabel[label]`, else `scoreThreshold`. */
export function scoreThresholdOf(output: { scoreThreshold: number; scoreThresholdByLabel?: Record<string, number> }, label: string): number {
  return output.scoreThresholdByLabel?.[label] ?? output.scoreThreshold;
}

/** The `maxPerClass` limit of one label (a number applies to every label). */
export function maxPerClassOf(maxPerClass: number | Record<string, number>, label: string): number {
  return typeof maxPerClass === "number" ? maxPerClass : (maxPerClass[label] ?? 1);
}

export type TModelManifest = z.infer<typeof ZModelManifest>;
export type TModelOutput = z.infer<typeof ZModelOutput>;
export type TPreprocess = z.infer<typeof ZPreprocess>;

export interface LoadedModel {
  manifest: TModelManifest;
  /** Absolute path of the model folder. */
  dir: string;
  /** The ONNX bytes, already checked against `manifest.sha256`. */
  onnx: Uint8Array;
}

/** Reads models/<id>/manifest.json, validates it and checks the ONNX file's sha256. */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const abs = path.resolve(dir);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(abs, "manifest.json"), "utf8"));
  } catch (cause) {
    throw new AppError("MODEL_MISSING", {
      message: `No readable manifest.json in ${abs}.`,
      userMessage: `The model in ${abs} has no readable manifest.json.`,
      cause,
    });
  }
  const parsed = ZModelManifest.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("MODEL_MISSING", {
      message: `Invalid manifest in ${abs}: ${parsed.error.message}`,
      userMessage: `The manifest of the model in ${abs} is invalid.`,
    });
  }
  const manifest = parsed.data;
  const file = path.join(abs, manifest.file);
  let onnx: Uint8Array;
  try {
    onnx = new Uint8Array(await readFile(file));
  } catch (cause) {
    throw new AppError("MODEL_MISSING", { userMessage: `Model file ${file} is missing.`, cause });
  }
  const digest = createHash("sha256").update(onnx).digest("hex");
  if (digest !== manifest.sha256) {
    throw new AppError("MODEL_MISSING", {
      userMessage: `Model file ${file} does not match its manifest (sha256 ${digest}, expected ${manifest.sha256}).`,
    });
  }
  return { manifest, dir: abs, onnx };
}
