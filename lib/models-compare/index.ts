/**
 * lib/models-compare: two model versions side by side on the test split of a frozen,
 * human-labelled dataset version, before one is promoted (issue 14, Deliver 4).
 */
export { compareModels, type CompareModelsOptions, type TModelComparison, type TComparisonSide } from "./compare-models";
export { sideFigures, type TSideFigures } from "./side-figures";
export { studyChange, type TStudyChange } from "./changed-studies";
export { saveComparison } from "./save-comparison";
export { comparisonRows, formatComparison, type TComparisonRow } from "./format-comparison";
