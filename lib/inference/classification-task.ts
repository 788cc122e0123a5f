import type { Box } from "../dicom/types";
import { AppError } from "../errors/app-error";
import { softmaxRow } from "./decode";
import {
  floatOutput,
  inputGeometry,
  runStaged,
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
  const k = m.labels.length;

  function run(items: RoiInput[]): Promise<InferResult<Classification[]>> {
    return runStaged(ms, items, { maxBatch: options.maxBatch, defaultBatch: 64 }, {
      prepare: (item, data, offset) => prepareInto(m.preprocess, geo.channels, item.frame, item.box, data, offset),
      decode: (result, _item, n) => {
        const probabilities = softmaxRow(floatOutput(result, logitsName, m.id).data, k, n, m.labels);
        let label = m.labels[0] ?? "";
        for (const l of m.labels) if ((probabilities[l] ?? 0) > (probabilities[label] ?? 0)) label = l;
        return { label, probabilities };
      },
    });
  }

  return { info: () => taskInfo(ms), run };
}
