import { enqueuePipeline } from "../jobs/enqueue-pipeline";
import type { TAfterStudyImported } from "./import-types";

/**
 * What the CLI and the upload route run after a study gains instances: queue the AI pipeline
 * (lib/jobs; a study with a run already queued keeps that one). Processes that exit when done
 * (the CLI) call lib/jobs `stopBoss()` afterwards so that the queue's connection pool lets them go.
 */
export const afterStudyImported: TAfterStudyImported | undefined = async (s) => {
  await enqueuePipeline(s.studyId);
};
