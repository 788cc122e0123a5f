import { enqueuePipeline } from "../jobs/enqueue-pipeline";
import { enqueuePipelines } from "../jobs/enqueue-pipelines";
import type { ImportedStudy } from "./import-types";
import type { TAfterStudyImported } from "./import-types";

/**
 * What the CLI and the upload route run after a study gains instances: queue the AI pipeline
 * (lib/jobs; a study with a run already queued keeps that one). Processes that exit when done
 * (the CLI) call lib/jobs `stopBoss()` afterwards so that the queue's connection pool lets them go.
 */
export const afterStudyImported: TAfterStudyImported | undefined = async (s) => {
  await enqueuePipeline(s.studyId);
};

/** The same for all studies of one import at once: one transaction and one job insert (the CLI). */
export async function afterStudiesImported(studies: ImportedStudy[]): Promise<void> {
  await enqueuePipelines(studies.map((s) => s.studyId));
}

/**
 * The upload page sends a folder in chunks, one request after another: a run queued by the first
 * chunk waits this long before a worker may start it, so that it usually sees the whole folder
 * (later chunks find the run still queued and join it instead of queueing another).
 */
export const UPLOAD_SETTLE_SECONDS = 10;

export const afterUploadChunkImported: TAfterStudyImported = async (s) => {
  await enqueuePipeline(s.studyId, { startAfterSeconds: UPLOAD_SETTLE_SECONDS });
};
