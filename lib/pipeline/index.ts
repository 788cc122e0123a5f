/**
 * lib/pipeline: the paper's four steps as staged tasks over lib/inference, composed by
 * analyzeStudy (framework-free; the CLI, the worker, eval and the benchmark call it).
 */
export { analyzeStudy, PIPELINE_FLAG_RULES, PIPELINE_STEPS, type AnalyzeStudyOptions, type AnalyzeStudyResult, type TPipelineStep } from "./analyze-study";
export { loadPipelineModels, type LoadPipelineModelsOptions, type PipelineModels } from "./pipeline-models";
export { loadStudySources, type LoadedInstance, type LoadedStudy, type TStudySource } from "./sources";
export { pickVertebrae, type PickVertebraeOptions, type PickedVertebra, type VertebraPick } from "./pick-vertebrae";
export { aggregateLevels, argmaxDiagnosis, type LevelVote } from "./aggregate-levels";
export { decodeGreyFrame } from "./grey-frame";
export { formatAnalysis } from "./format-analysis";
