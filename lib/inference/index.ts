/**
 * lib/inference: ONNX models of models/<id>/ run through onnxruntime-node as staged tasks.
 * The pipeline composes them: getModelSession (once per model) → create…Task → task.run(frames).
 */
export { loadModel, ZModelManifest, type LoadedModel, type TModelManifest } from "./manifest";
export { INFERENCE_DEVICES, resolveDevice, type TInferenceDevice } from "./device";
export { getModelSession, releaseModelSessions, type ModelSession } from "./session";
export { prepareInto, resampleInto, normalizeInPlace, type GreyFrame } from "./preprocess";
export { greyFrameOf } from "./grey-frame";
export { boxIou } from "../geometry/box-iou";
export { assignExclusive, decodeCenterNet, decodeDetections, softmaxRow, type Detection } from "./decode";
export type { InferTask, InferTaskInfo, InferResult, StageTimings } from "./infer-task";
export { createDetectionTask, type DetectionOutputs } from "./detection-task";
export { createClassificationTask, type RoiInput, type Classification } from "./classification-task";
export { MODEL_IDS, modelDir } from "./models";
