import * as ort from "onnxruntime-node";
import { AppError } from "../errors/app-error";
import { assignExclusive, decodeCenterNet, decodeDetections, type Detection } from "./decode";
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

/** Detections per input frame, boxes in that frame's pixels. */
export type DetectionOutputs = Detection[][];

/**
 * A detector (vertebrae on the mid-sagittal image, disc ROI on axial images) as a staged task:
 * resize + normalise every frame, run in batches, decode (centernet or detections format) back
 * to each frame's own pixel grid.
 */
export function createDetectionTask(
  ms: ModelSession,
  options: InferTaskOptions = {},
): InferTask<GreyFrame[], DetectionOutputs> {
  const m = ms.model.manifest;
  if (m.output.format === "classifier" || m.preprocess.resample.region !== "full-image") {
    throw new AppError("MODEL_MISSING", { userMessage: `Model ${m.id} is not a detector.` });
  }
  const geo = inputGeometry(m);
  const plane = geo.channels * geo.height * geo.width;
  const maxBatch = geo.batched ? Math.max(1, options.maxBatch ?? 32) : 1;
  const output = m.output;

  async function run(frames: GreyFrame[]): Promise<InferResult<DetectionOutputs>> {
    const timings = { preMs: 0, runMs: 0, postMs: 0 };
    const outputs: DetectionOutputs = [];
    let runs = 0;
    for (const batch of chunks(frames, maxBatch)) {
      let t = performance.now();
      const data = new Float32Array(batch.length * plane);
      batch.forEach((f, n) => prepareInto(m.preprocess, geo.channels, f, undefined, data, n * plane));
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
      batch.forEach((f, n) => {
        const map = { scaleX: f.width / geo.width, scaleY: f.height / geo.height, originX: 0, originY: 0 };
        if (output.format === "centernet") {
          const hm = floatOutput(result, output.heatmap, m.id);
          const heads = {
            heatmap: hm.data,
            size: floatOutput(result, output.size, m.id).data,
            offset: floatOutput(result, output.offset, m.id).data,
          };
          const [, classes = 0, height = 0, width = 0] = hm.dims;
          const a = output.assignment;
          const spec = a ? { ...output, maxPerClass: a.candidatesPerClass } : output;
          const found = decodeCenterNet(spec, m.labels, heads, { classes, height, width }, n, map);
          outputs.push(a ? assignExclusive(found, m.labels, a.conflictIoU) : found);
        } else {
          const boxes = floatOutput(result, output.boxes, m.id).data;
          const ids = result[output.labels]?.data as ArrayLike<number | bigint> | undefined;
          const scores = floatOutput(result, output.scores, m.id).data;
          if (!ids) throw new AppError("INFERENCE_FAILED", { userMessage: `Model ${m.id} gave no labels.` });
          outputs.push(decodeDetections(output, m.labels, boxes, ids, scores, map));
        }
      });
      timings.postMs += performance.now() - t;
    }
    return { outputs, timings, model: { id: m.id, version: m.version }, device: ms.device, runs };
  }

  return { info: () => taskInfo(ms), run };
}
