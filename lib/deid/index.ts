/** lib/deid: DICOM PS3.15 Basic Application Level Confidentiality Profile, applied with dcmjs. */
export { BASIC_PROFILE, profileEntryFor, type ProfileEntry, type TProfileAction } from "./profile-table";
export { UidMap, DICOM_ROOT } from "./uid-map";
export { deidentifyDataset, resolveAction, emptyCounts, addCounts, DUMMY_TEXT, type TDeidCounts } from "./deidentify-dataset";
export { collectIdentifiers, emptyIdentifiers, type IdentifierSet } from "./identifiers";
export { deidentifyFile, DEID_METHOD, type DeidentifiedFile, type DeidentifyFileOptions } from "./deidentify-file";
export { verifyDeidentified, containsIdentifier, type DeidFinding } from "./verify-deidentified";
export { deidentifyPaths, type DeidFolderSummary, type DeidFolderProblem } from "./deidentify-folder";
