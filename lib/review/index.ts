/** Review workflow: readings (create, open, start, sign, amend), saves, the study view, the worklist and the audit trail. */
export { createReading, createReadingInTx, type CreateReadingOptions } from "./create-reading";
export { openReading, readingRoleFor, type OpenReadingOptions } from "./open-reading";
export { startReadingInTx } from "./start-reading";
export { saveEdits, type SaveEditsOptions } from "./save-edits";
export { signReading, type SignReadingOptions } from "./sign-reading";
export { amendReading, type AmendReadingOptions } from "./amend-reading";
export { transitionStudy } from "./transition-study";
export { studyView, type TStudyView, type TViewerImage, type TViewerSeries, type TReadingSummary, type StudyViewOptions } from "./study-view";
export { studyAuditTrail, type TStudyAuditTrail, type TAuditTrailEvent } from "./study-audit-trail";
export { worklist, type TWorklistRow, type TLevelFinding } from "./worklist";
export { analysisFromTruth, PHANTOM_TRUTH_MODEL } from "./analysis-from-truth";
