import { Tensor } from "onnxruntime-node";
import type * as ort from "onnxruntime-node";
import { AppError } from "../errors/app-error";
import type { TModelManifest } from "./manifest";
import type { TInferenceDevice } from "./device";
import type { ModelSession } from "./session";

/** What a task declares before it runs (MONAI Label's InferTask.info). */
export interface InferTaskInfo {
  modelId: string;
  version: string;
  task: TModelManifest["task"];
  labels: string[];
  /** As in the manifest: [-1, C, H, W] (dynamic batch) or [C, H, W]. */
  inputShape: number[];
  device: TInferenceDevice;
}

/** Milliseconds per stage of one run: preprocessing, session.run, decoding. */
export interface StageTimings {
  preMs: number;
  runMs: number;
  postMs: number;
}

export interface InferResult<TOut> {
  outputs: TOut;
  timings: StageTimings;
  model: { id: string; version: string };
  device: TInferenceDevice;
  /** Number of session.run calls (batches). */
  runs: number;
}

export interface InferTask<TIn, TOut> {
  info(): InferTaskInfo;
  run(inputs: TIn): Promise<InferResult<TOut>>;
}

export interface InferTaskOptions {
  /** Most images per session.run for batched models (default 32). */
  maxBatch?: number;
}

export function taskInfo(ms: ModelSession): InferTaskInfo {
  const m = ms.model.manifest;
  return {
    modelId: m.id,
    version: m.version,
    task: m.task,
    labels: [...m.labels],
    inputShape: [...m.input.shape],
    device: ms.device,
  };
}

/** Input geometry of a manifest: channels, height, width, whether a batch dimension exists. */
export function inputGeometry(m: TModelManifest): { channels: number; height: number; width: number; batched: boolean } {
  const s = m.input.shape;
  const batched = m.input.layout === "NCHW";
  const [c, h, w] = batched ? s.slice(1) : s;
  if (c === undefined || h === undefined || w === undefined || c < 1 || h < 1 || w < 1) {
    throw new AppError("MODEL_MISSING", { userMessage: `Model ${m.id} has an unusable input shape [${s.join(", ")}].` });
  }
  if (h !== m.preprocess.resample.height || w !== m.preprocess.resample.width) {
    throw new AppError("MODEL_MISSING", { userMessage: `Model ${m.id}: input shape and resample size disagree.` });
  }
  return { channels: c, height: h, width: w, batched };
}

/** session.run wrapped so that onnxruntime failures become INFERENCE_FAILED. */
export async function runSession(
  ms: ModelSession,
  feeds: Record<string, ort.Tensor>,
): Promise<ort.InferenceSession.OnnxValueMapType> {
  try {
    return await ms.session.run(feeds);
  } catch (cause) {
    throw new AppError("INFERENCE_FAILED", {
      userMessage: `Model ${ms.model.manifest.id} failed to run on ${ms.device}.`,
      cause,
    });
  }
}

/** A named output as float32 data with its dims. */
export function floatOutput(
  out: ort.InferenceSession.OnnxValueMapType,
  name: string,
  modelId: string,
): { data: Float32Array; dims: readonly number[] } {
  const t = out[name];
  if (!t || !(t.data instanceof Float32Array)) {
    throw new AppError("INFERENCE_FAILED", { userMessage: `Model ${modelId} gave no float32 output "${name}".` });
  }
  return { data: t.data, dims: t.dims };
}

/**
 * The staged loop every task shares: per batch, pre-process each item into one float32 input
 * tensor, `session.run` once, decode each item from the result; milliseconds summed per stage.
 * `defaultBatch` applies to models with a batch dimension; others run one item at a time.
 */
export async function runStaged<TItem, TOut>(
  ms: ModelSession,
  items: readonly TItem[],
  options: { maxBatch?: number; defaultBatch: number },
  stages: {
    prepare: (item: TItem, data: Float32Array, offset: number) => void;
    decode: (result: ort.InferenceSession.OnnxValueMapType, item: TItem, indexInBatch: number) => TOut;
  },
): Promise<InferResult<TOut[]>> {
  const m = ms.model.manifest;
  const geo = inputGeometry(m);
  const plane = geo.channels * geo.height * geo.width;
  const maxBatch = geo.batched ? Math.max(1, options.maxBatch ?? options.defaultBatch) : 1;
  const timings: StageTimings = { preMs: 0, runMs: 0, postMs: 0 };
  const outputs: TOut[] = [];
  let runs = 0;
  for (const batch of chunks(items, maxBatch)) {
    let t = performance.now();
    const data = new Float32Array(batch.length * plane);
    batch.forEach((item, n) => stages.prepare(item, data, n * plane));
    const dims = geo.batched ? [batch.length, geo.channels, geo.height, geo.width] : [geo.channels, geo.height, geo.width];
    const feeds = { [m.input.name]: new Tensor("float32", data, dims) };
    timings.preMs += performance.now() - t;
    t = performance.now();
    const result = await runSession(ms, feeds);
    runs++;
    timings.runMs += performance.now() - t;
    t = performance.now();
    batch.forEach((item, n) => outputs.push(stages.decode(result, item, n)));
    timings.postMs += performance.now() - t;
  }
  return { outputs, timings, model: { id: m.id, version: m.version }, device: ms.device, runs };
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < items.length; k += size) out.push(items.slice(k, k + size));
  return out;
}
