import type { TAfterStudyImported } from "./import-types";

/**
 * What the CLI and the upload route run after a study gains instances: the hook where the AI
 * pipeline is queued. lib/jobs owns the queue; until it exports `enqueuePipeline(studyId)` this
 * is undefined and imports queue nothing. To wire it (pipeline engineer):
 *   export const afterStudyImported: TAfterStudyImported = async (s) => void (await enqueuePipeline(s.studyId));
 */
export const afterStudyImported: TAfterStudyImported | undefined = undefined;
