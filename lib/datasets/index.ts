/** lib/datasets: versioned, frozen, patient-split training datasets and their discern.dataset/v1 exports. */
export { patientSplit, type TSplit, type TSplitFractions } from "./patient-split";
export { createDatasetVersion, freezeDatasetVersion, listDatasetVersions, ZCreateDatasetVersion, type TCreateDatasetVersion } from "./dataset-versions";
export { exportDataset, EXPORT_FORMATS, type TExportFormat, type ExportDatasetOptions } from "./export-dataset";
export { studyLabels, type TStudyLabels } from "./study-labels";
export { startDatasetExport, datasetExportStatus, exportRoot, ZStartExport } from "./start-export";
export { archiveExportFolder, openExportArchive, ZExportArchive, type TExportArchive } from "./export-archive";
export { datasetSplitSummary, summariseSplits, ZSplitSummary, type TSplitSummary } from "./split-summary";
export { eligibleStudyIds, labelReaders, ZEligibleStudiesQuery } from "./eligible-studies";
export { datasetMemberRows, eligibleStudyRows, DATASET_STUDY_ROWS, type TDatasetStudyList, type TDatasetStudyRow } from "./dataset-studies";
