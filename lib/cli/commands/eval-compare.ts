import { AppError } from "../../errors/app-error";
import type { TInferenceDevice } from "../../inference/device";
import { compareModels, formatComparison, saveComparison } from "../../models-compare";
import type { CliIO } from "../types";

/**
 * `discern eval --dataset <name@version> --models <a>,<b> [--json]`: the two versions side by side
 * on the dataset's test split (lib/models-compare), kept with both versions for the Models page.
 * Exit 1 when a study failed, like the other eval modes.
 */
export async function runModelComparison(options: { dataset: string; models: string; json: boolean; device: TInferenceDevice }, io: CliIO): Promise<number> {
  const refs = options.models.split(",").map((s) => s.trim()).filter(Boolean);
  if (refs.length !== 2) throw new AppError("BAD_USAGE", { userMessage: "--models takes two versions separated by a comma (modelId@version,modelId@version)." });
  const comparison = await compareModels({ dataset: options.dataset, models: [refs[0]!, refs[1]!], device: options.device, onProgress: (line) => io.progress(`${line}\n`) });
  await saveComparison(comparison);
  io.stdout(options.json ? `${JSON.stringify(comparison, null, 2)}\n` : formatComparison(comparison));
  return comparison.failedStudies > 0 ? 1 : 0;
}
