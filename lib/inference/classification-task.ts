import * as ort from "onnxruntime-node";
import type { Box } from "../dicom/types";
import { AppError } from "../errors/app-error";
import { softmaxRow } from "./decode";
import {
  chunks,
  floatOutput,
  inputGeometry,
  runSession,
  taskInfo,
  type InferResult,
  type InferTask,
  type InferTaskOptions,
} from "./infer-task";
import { prepareInto, type GreyFrame } from "./preprocess";
import type { ModelSession } from "./session";

/** One ROI to classify: the whole frame and the ROI box in its pixels. */
export interface RoiInput {
  frame: GreyFrame;
  box: Box;
}

export interface Classification {
  /** The most probable label. */
  label: string;
  probabilities: Record<string, number>;
}

/**
 * The disc classifier as a staged task: crop + resample each ROI from its frame, normalise,
 * run in batches, softmax the logits.
 */
export function createClassificationTask(
  ms: ModelSession,
  options: InferTaskOptions = {},
): InferTask<RoiInput[], Classification[]> {
  const m = ms.model.manifest;
  const output = m.output;
  if (output.format !== "classifier") {
    throw new AppError("MODEL_MISSING", { userMessage: `Model ${m.id} is not a classifier.` });
  }
  const logitsName = output.logits;
  const geo = inputGeometry(m);
  const plane = geo.channels * geo.height * geo.width;
  const maxBatch = geo.batched ? Math.max(1, options.maxBatch ?? 64) : 1;
  const k = m.labels.length;

  async function run(items: RoiInput[]): Promise<InferResult<Classification[]>> {
    const timings = { preMs: 0, runMs: 0, postMs: 0 };
    const outputs: Classification[] = [];
    let runs = 0;
    for (const batch of chunks(items, maxBatch)) {
      let t = performance.now();
      const data = new Float32Array(batch.length * plane);
      batch.forEach((it, n) => prepareInto(m.preprocess, geo.channels, it.frame, it.box, data, n * plane));
      const dims = geo.batched
        ? [batch.length, geo.channels, geo.height, geo.width]
        : [geo.channels, geo.height, geo.width];
      const feeds = { [m.input.name]: new ort.Tensor("float32", data, dims) };
      timings.preMs += performance.now() - t;
      t = performance.now();
      const result = await runSession(ms, feeds);
      runs++;
      timings.runMs += performance.now() - t;
      t = performance.now();
      const logits = floatOutput(result, logitsName, m.id).data;
      batch.forEach((_, n) => {
        const probabilities = softmaxRow(logits, k, n, m.labels);
        let label = m.labels[0] ?? "";
        for (const l of m.labels) if ((probabilities[l] ?? 0) > (probabilities[label] ?? 0)) label = l;
        outputs.push({ label, probabilities });
      });
      timings.postMs += performance.now() - t;
    }
    return { outputs, timings, model: { id: m.id, version: m.version }, device: ms.device, runs };
  }

  return { info: () => taskInfo(ms), run };
}
