import { AppError } from "../errors/app-error";
import { assignExclusive, decodeCenterNet, decodeDetections, type Detection } from "./decode";
import {
  floatOutput,
  inputGeometry,
  runStaged,
  taskInfo,
  type InferResult,
  type InferTask,
  type InferTaskOptions,
} from "./infer-task";
import { inputToSourceMap, prepareInto, type GreyFrame } from "./preprocess";
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
  if (m.output.format === "classifier" || m.preprocess.resample.region === "roi-box") {
    throw new AppError("MODEL_MISSING", { userMessage: `Model ${m.id} is not a detector.` });
  }
  const geo = inputGeometry(m);
  const output = m.output;

  function run(frames: GreyFrame[]): Promise<InferResult<DetectionOutputs>> {
    return runStaged(ms, frames, { maxBatch: options.maxBatch, defaultBatch: 32 }, {
      prepare: (f, data, offset) => prepareInto(m.preprocess, geo.channels, f, undefined, data, offset),
      decode: (result, f, n) => {
        const map = inputToSourceMap(m.preprocess.resample, f.width, f.height);
        if (output.format === "centernet") {
          const hm = floatOutput(result, output.heatmap, m.id);
          const heads = {
            heatmap: hm.data,
            size: floatOutput(result, output.size, m.id).data,
            offset: floatOutput(result, output.offset, m.id).data,
          };
          const [, classes = 0, height = 0, width = 0] = hm.dims;
          // Exclusive assignment (v0.1) picks among candidates; count-from-sacrum boxes stay
          // class-agnostic here and are named by lib/pipeline's countVertebrae.
          const a = output.assignment?.method === "exclusive-max-total-score" ? output.assignment : undefined;
          const spec = a ? { ...output, maxPerClass: a.candidatesPerClass } : output;
          const found = decodeCenterNet(spec, m.labels, heads, { classes, height, width }, n, map);
          return a ? assignExclusive(found, m.labels, a.conflictIoU) : found;
        } else {
          const boxes = floatOutput(result, output.boxes, m.id).data;
          const ids = result[output.labels]?.data as ArrayLike<number | bigint> | undefined;
          const scores = floatOutput(result, output.scores, m.id).data;
          if (!ids) throw new AppError("INFERENCE_FAILED", { userMessage: `Model ${m.id} gave no labels.` });
          return decodeDetections(output, m.labels, boxes, ids, scores, map);
        }
      },
    });
  }

  return { info: () => taskInfo(ms), run };
}
