import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors/app-error";
import { getBoss, PIPELINE_JOB_OPTIONS, PIPELINE_QUEUE, type TPipelineJobData } from "./queue";

export interface TEnqueuePipelineOptions {
  /** Who asked (null for the importer or the demo). */
  actorId?: string | null;
  /** Hold a new job this long before a worker may take it (more files of the study may follow). */
  startAfterSeconds?: number;
}

export interface TEnqueuedPipeline {
  pipelineRunId: string;
  /** False when the study already had a queued run (singleton per study while queued). */
  created: boolean;
}

/**
 * Queues the AI pipeline on a study: a PipelineRun (QUEUED) and a pg-boss job for it. A study
 * with a run still queued gets that run back instead of a second one. The run row is committed
 * first (with its audit event); if sending the job then fails, the worker's sweeper re-sends it
 * for any QUEUED run without a live job, so a run is never lost.
 */
export async function enqueuePipeline(studyId: string, options: TEnqueuePipelineOptions = {}): Promise<TEnqueuedPipeline> {
  const result = await db().$transaction(async (tx) => {
    // Serialises concurrent enqueues of one study (two clicks, import + button).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`discern-pipeline:${studyId}`}))`;
    const study = await tx.study.findUnique({ where: { id: studyId }, select: { id: true } });
    if (!study) throw new AppError("NOT_FOUND", { userMessage: "The study does not exist." });
    const queued = await tx.pipelineRun.findFirst({ where: { studyId, status: "QUEUED" }, orderBy: { createdAt: "desc" } });
    if (queued) return { pipelineRunId: queued.id, created: false };
    const run = await tx.pipelineRun.create({ data: { studyId, status: "QUEUED", progressLabel: "queued" } });
    await tx.study.update({ where: { id: studyId }, data: { pipelineStatus: "QUEUED", pipelineError: null } });
    await recordAudit(tx, { type: "PIPELINE_QUEUED", payload: { pipelineRunId: run.id }, actorId: options.actorId ?? null, studyId });
    return { pipelineRunId: run.id, created: true };
  });
  if (result.created) await sendPipelineJob({ pipelineRunId: result.pipelineRunId, studyId }, options.startAfterSeconds);
  return result;
}

/** Sends the pg-boss job of a run; null when the queue already holds one for the study. */
export async function sendPipelineJob(data: TPipelineJobData, startAfterSeconds?: number): Promise<string | null> {
  const boss = await getBoss();
  const delay = startAfterSeconds && startAfterSeconds > 0 ? { startAfter: startAfterSeconds } : {};
  return boss.send(PIPELINE_QUEUE, { ...data }, { ...PIPELINE_JOB_OPTIONS, ...delay, singletonKey: data.studyId });
}
