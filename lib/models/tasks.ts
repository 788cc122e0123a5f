import { AppError } from "../errors/app-error";
import type { TModelManifest } from "../inference/manifest";
import type { TModelRole } from "../inference/models";

export type TModelTask = TModelManifest["task"];

/** The pipeline's three tasks and the role (lib/inference/models.ts) that runs each. */
export const TASK_OF_ROLE: Record<TModelRole, TModelTask> = {
  vertebrae: "vertebra-detection",
  roi: "disc-roi-detection",
  classifier: "disc-classification",
};

export const MODEL_TASKS = Object.values(TASK_OF_ROLE);

/**
 * A task named on the command line or in a request: the manifest task ("disc-classification")
 * or the role alias ("classifier"). INVALID_INPUT naming the choices otherwise.
 */
export function parseModelTask(value: string): TModelTask {
  if ((MODEL_TASKS as string[]).includes(value)) return value as TModelTask;
  const byRole = TASK_OF_ROLE[value as TModelRole];
  if (byRole) return byRole;
  throw new AppError("INVALID_INPUT", { userMessage: `Unknown model task "${value}"; use ${MODEL_TASKS.join(", ")} (or vertebrae, roi, classifier).` });
}
