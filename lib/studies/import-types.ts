import type { DicomLimits } from "../dicom/limits";

/** Identifies what an imported file is; `seriesDescription` is untrusted DICOM text, kept verbatim. */
interface FileIdentity {
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesDescription: string | null;
}

/** What happened to one file of an import. `path` is as given (or `archive.zip/inner/name`). */
export type TFileOutcome =
  | ({ path: string; status: "imported"; warnings: string[] } & FileIdentity)
  | ({ path: string; status: "already-imported" } & FileIdentity)
  | { path: string; status: "skipped"; reason: string };

export type TFileStatus = TFileOutcome["status"];

/** One study touched by an import (new instances or only known ones). */
export interface ImportedStudy {
  studyId: string;
  studyInstanceUid: string;
  instancesAdded: number;
  instancesKnown: number;
}

/** `discern import --json` and POST /api/import answer with this document. */
export interface ImportSummary {
  schema: "discern.import/v1";
  counts: { files: number; imported: number; alreadyImported: number; skipped: number };
  bytes: number;
  elapsedMs: number;
  studies: ImportedStudy[];
  files: TFileOutcome[];
}

export interface ImportProgress {
  filesDone: number;
  /** Known before the first file is read (folders are listed and zips' directories read first). */
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/**
 * Called once per study that received new instances, after they are committed: the place where
 * the AI pipeline gets queued (lib/jobs `enqueuePipeline(studyId)`). A failure here is logged and
 * never undoes or fails the import.
 */
export type TAfterStudyImported = (study: ImportedStudy) => Promise<void>;

/** Limits of one import on top of lib/dicom's per-file limits (`maxFileBytes` applies to every file). */
export interface ImportLimits extends DicomLimits {
  /** Most entries read from one zip (its central directory may claim millions). */
  maxZipEntries: number;
  /** Most uncompressed bytes one zip may claim in total (zip bombs stop here, before inflating). */
  maxZipBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: Readonly<Pick<ImportLimits, "maxFileBytes" | "maxZipEntries" | "maxZipBytes">> = Object.freeze({
  maxFileBytes: 512 * 1024 * 1024,
  maxZipEntries: 100_000,
  maxZipBytes: 64 * 1024 * 1024 * 1024,
});
