import type { TInferenceDevice } from "../inference/device";
import type { TModelManifest } from "../inference/manifest";
import { analyzeStudy } from "../pipeline/analyze-study";
import { loadPipelineModels, type PipelineModels } from "../pipeline/pipeline-models";
import type { TPipelineAnalyzer } from "../jobs/run-pipeline-job";
import { activeModels, registryStamp } from "./active-models";
import { ensureActiveModels } from "./ensure-active-models";
import { shadowRunner } from "./shadow";

export interface RegistryAnalyzerOptions {
  device?: TInferenceDevice;
  /** The fallback folder for a fresh database (default models/). */
  modelsDir?: string;
  /** Called after each (re)load with the active versions ("modelId@version" by task). */
  onLoad?: (versions: string[]) => void;
}

/**
 * The worker's analyzer over the registry's ACTIVE versions. Before each job it reads the
 * registry stamp (one small query) and reloads the models when a promotion or rollback changed
 * it, so a promoted version analyses the next study without a restart. A fresh database (no
 * active version) gets the committed models registered and activated first. The models that
 * analysed a job are pinned until the next job, so `manifests()` names exactly those versions.
 * After each DONE run, every shadow version analyses the same files (ShadowRun, never a reading).
 */
export function registryAnalyzer(options: RegistryAnalyzerOptions = {}): TPipelineAnalyzer & { loadedStamp: () => string | null } {
  let loaded: { stamp: string; models: Promise<PipelineModels> } | null = null;
  let used: PipelineModels | null = null;
  const runShadows = shadowRunner(options.device ?? "cpu");

  const current = async (): Promise<PipelineModels> => {
    let stamp = await registryStamp();
    if (stamp.split(";").filter((entry) => entry.includes("=")).length < 3) {
      await ensureActiveModels({ modelsDir: options.modelsDir });
      stamp = await registryStamp();
    }
    if (loaded?.stamp !== stamp) {
      const models = activeModels().then(async (active) => {
        const result = await loadPipelineModels({ device: options.device ?? "cpu", dirs: active.dirs });
        options.onLoad?.(Object.values(active.versions).map((v) => `${v.modelId}@${v.version}`));
        return result;
      });
      loaded = { stamp, models };
      models.catch(() => {
        if (loaded?.models === models) loaded = null; // a failed load is retried by the next job
      });
    }
    return loaded.models;
  };

  return {
    analyze: async (sources, onProgress) => {
      used = await current();
      return analyzeStudy({ input: sources, models: used, onProgress });
    },
    manifests: async (): Promise<TModelManifest[]> => (used ?? (used = await current())).manifests,
    afterRun: async (context) => {
      await runShadows(context, loaded?.stamp ?? "");
    },
    loadedStamp: () => loaded?.stamp ?? null,
  };
}
