/** `discern eval`: score pipeline output against phantom truth (pure arithmetic + formatting). */
export * from "./metrics";
export { scoreStudy, ROI_IOU_THRESHOLD, type StudyScore } from "./score-study";
export { summarizeScores, PAPER_LEVEL_ACCURACY, type EvalSummary } from "./summarize-scores";
export { formatEval } from "./format-eval";
