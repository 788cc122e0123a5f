import { createClassificationTask, type Classification, type RoiInput } from "../inference/classification-task";
import { createDetectionTask, type DetectionOutputs } from "../inference/detection-task";
import type { TInferenceDevice } from "../inference/device";
import type { InferTask } from "../inference/infer-task";
import type { TModelManifest } from "../inference/manifest";
import { modelDir, type TModelRole } from "../inference/models";
import type { GreyFrame } from "../inference/preprocess";
import { getModelSession, type ModelSession } from "../inference/session";

/** The three staged tasks the pipeline composes, on sessions created once and reused. */
export interface PipelineModels {
  /** Null when step 1 is replaced by given boxes and the detector was not loaded. */
  vertebrae: InferTask<GreyFrame[], DetectionOutputs> | null;
  roi: InferTask<GreyFrame[], DetectionOutputs>;
  classifier: InferTask<RoiInput[], Classification[]>;
  /** The device the sessions run on: the requested one, or "cpu" after a fallback ("webgpu+cpu" when mixed). */
  device: string;
  warnings: string[];
  /** Manifests of the loaded models (ModelVersion rows are registered from these). */
  manifests: TModelManifest[];
  /** Milliseconds spent loading (0 when every session was already cached). */
  loadMs: number;
}

export interface LoadPipelineModelsOptions {
  device?: TInferenceDevice;
  /** Folder holding models/<id>/ (default DISCERN_MODELS_DIR or the repository's models/). */
  modelsDir?: string;
  /** One folder per role, overriding modelsDir (the registry's active versions: lib/models). */
  dirs?: Partial<Record<TModelRole, string>>;
  /** Skip the vertebra detector (step 1 replaced by `--vertebrae`). */
  withoutVertebrae?: boolean;
  /** Called once per device fallback (default: a warning line on stderr). */
  onWarning?: (message: string) => void;
  /** Wraps each session before its task is built (the benchmark records session.run with it). */
  wrapSession?: (session: ModelSession) => ModelSession;
  /** Most images per session.run (default 32 for detection, 64 for classification). */
  maxBatch?: number;
}

/**
 * Loads (or takes from lib/inference's cache) the three model sessions and builds their tasks.
 * Sessions are cached per (model folder, device), so calling this per study costs nothing after
 * the first time; a worker calls it once and reuses the result.
 */
export async function loadPipelineModels(options: LoadPipelineModelsOptions = {}): Promise<PipelineModels> {
  const t0 = performance.now();
  const session = async (role: TModelRole) => {
    const s = await getModelSession(options.dirs?.[role] ?? modelDir(role, options.modelsDir), { device: options.device ?? "cpu", onWarning: options.onWarning });
    return options.wrapSession ? options.wrapSession(s) : s;
  };
  const [v, r, c] = await Promise.all([options.withoutVertebrae ? null : session("vertebrae"), session("roi"), session("classifier")]);
  const sessions = [v, r, c].filter((s): s is ModelSession => s !== null);
  const devices = [...new Set(sessions.map((s) => s.device))];
  const batch = options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch };
  return {
    vertebrae: v ? createDetectionTask(v, batch) : null,
    roi: createDetectionTask(r, batch),
    classifier: createClassificationTask(c, batch),
    device: devices.length === 1 ? devices[0]! : devices.join("+"),
    warnings: [...new Set(sessions.flatMap((s) => s.warnings))],
    manifests: sessions.map((s) => s.model.manifest),
    loadMs: performance.now() - t0,
  };
}
