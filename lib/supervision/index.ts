/**
 * lib/supervision: reading designs (single, double blinded), adjudication, the final label, and
 * the supervisor dashboard's statistics (built on lib/stats).
 *
 * Hooks for other rooms:
 * - lib/review's signReading calls `afterReadingSigned(tx, { readingId, actorId })` in its
 *   transaction after setting the reading SIGNED; it sets the study's review state per design.
 * - APIs that return readings or annotations filter with `visibleReadings` / `assertReadingVisible`
 *   (double-blind: a reader never sees the other reading, nor who holds it, until both signed).
 * - dataset export (label source FINAL) reads `finalLabels(studyId)`.
 * Open request to lib/review: studyView returns `readings` (with reader names) unfiltered; while a
 * study is blinded it should drop `hiddenReadingIds(viewer, design, readings, reviewState)` from that list, so
 * that a reader's API responses never name the other reading or its reader.
 */
export { assignStudy, ZAssignStudyInput, type TAssignStudyInput } from "./assign-study";
export { assignAdjudicator, ZAssignAdjudicatorInput, type TAssignAdjudicatorInput } from "./assign-adjudicator";
export { afterReadingSigned, type TSignOutcome } from "./after-reading-signed";
export { compareReadings, VERTEBRA_MATCH_IOU, type TReadingComparison } from "./compare-readings";
export { currentReading, signedReading } from "./current-readings";
export { finalLabels, type TFinalLabels, type TFinalLevelLabel } from "./final-labels";
export { readingLabels, type TReadingLabels } from "./reading-labels";
export { assertReadingVisible, hiddenReadingIds, isBlinded, visibleReadings } from "./reading-visibility";
export { computeDashboard, CONFIDENT_PROBABILITY, type TDashboard, type TLabelNoiseItem } from "./compute-dashboard";
export { levelBlock, type TLevelBlock } from "./level-block";
export { supervisionStats, type TSupervisionStats } from "./supervision-stats";
export { parseStatsFilters, ZStatsFilters, type TStatsFilters } from "./stats-filters";
export { statsToCsv } from "./stats-csv";
export { supervisionOptions } from "./filter-options";
export { studyReadingsFor } from "./study-readings-for";
export { assignmentBoard, assignmentBoardTotal, BOARD_ROWS, type TBoardStudy, type TBoardReading } from "./assignment-board";
export { assignStudies, bulkStudyLabel, MAX_BULK_STUDIES, ZAssignStudiesInput, type TAssignStudiesInput, type TBulkAssigned } from "./assign-studies";
export { filterBoard, NO_BOARD_FILTERS, type TBoardFilters } from "./board-filter";
export { signSupervisedReading } from "./sign-supervised-reading";
