/**
 * `discern eval`: score pipeline output against phantom truth and real exams' labels (pure
 * arithmetic + formatting). The real-exam runner (run-realdata-eval.ts, which calls the pipeline)
 * is imported from its own file.
 */
export * from "./metrics";
export { scoreStudy, ROI_IOU_THRESHOLD, type StudyScore } from "./score-study";
export { summarizeScores, PAPER_LEVEL_ACCURACY, type EvalSummary } from "./summarize-scores";
export { formatEval } from "./format-eval";
export { scoreRealStudy, maskBox, pointInMask, VERTEBRA_HIT_RULE, type RealStudyScore } from "./score-real-study";
export { summarizeRealScores, type RealEvalTable } from "./summarize-real-scores";
export { formatRealEval, formatProportion } from "./format-real-eval";
