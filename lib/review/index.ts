/** Review workflow: readings (start, save, sign, amend, release, reassign, submit), the study view, the worklist and the audit trail. */
export { startStudyReading, readingRoleFor, type StartStudyReadingOptions, type TStartedReading } from "./start-study-reading";
export { startReadingInTx } from "./start-reading";
export { saveEdits, type SaveEditsOptions } from "./save-edits";
export { signReading, type SignReadingOptions, type TSignedReading } from "./sign-reading";
export { amendReading, type AmendReadingOptions } from "./amend-reading";
export { releaseReading, reassignReading, type ReleaseReadingOptions, type ReassignReadingOptions } from "./manage-reading";
export { submitAnnotation, reopenAnnotation, type AnnotationActionOptions } from "./annotation-workflow";
export { transitionStudy } from "./transition-study";
export { studyView, type TStudyView, type TViewerImage, type TViewerSeries, type TReadingSummary, type StudyViewOptions } from "./study-view";
export { studyAuditTrail, type TStudyAuditTrail, type TAuditTrailEvent } from "./study-audit-trail";
export { worklist, type TWorklistRow, type TLevelFinding } from "./worklist";
export { analysisFromTruth, PHANTOM_TRUTH_MODEL } from "./analysis-from-truth";
