/**
 * lib/models: the model registry. Every model version is a ModelVersion row whose ONNX file lives
 * in the blob store; one version per task is active (chosen in the database); the worker runs the
 * active versions (registryAnalyzer) and reloads when they change.
 */
export { MODEL_TASKS, TASK_OF_ROLE, parseModelTask, type TModelTask } from "./tasks";
export { registerModel, type RegisterModelOptions, type TRegistryVia } from "./register-model";
export { promoteModel, rollbackModel, activationStack, findVersion, type PromoteModelOptions } from "./activate-model";
export { activeModels, registryStamp, materializeModel, modelCacheRoot, type TActiveModels } from "./active-models";
export { ensureActiveModels } from "./ensure-active-models";
export { listModelVersions, type TModelVersionRow, type TTaskRegistry } from "./list-models";
export { registryAnalyzer, type RegistryAnalyzerOptions } from "./registry-analyzer";
export { setShadow, shadowRunner } from "./shadow";
export { shadowAgreement, type TShadowAgreement } from "./shadow-agreement";
