import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { runPipelineJob, type TPipelineAnalyzer, type TPipelineJobOutcome } from "./run-pipeline-job";

/**
 * Runs the AI pipeline on a study in this process, through the same job function the worker runs
 * (runPipelineJob: read the stored files, analyse, store the AI reading with its model versions,
 * audit), without the queue: a PipelineRun is created QUEUED with its PIPELINE_QUEUED event, as
 * enqueuePipeline does, then run at once. For seeds and tools that must end with the study
 * pre-annotated (the demo's phantom studies); one attempt, no retry.
 */
export async function runPipelineNow(studyId: string, analyzer: TPipelineAnalyzer, workerId = "seed"): Promise<TPipelineJobOutcome> {
  const run = await db().$transaction(async (tx) => {
    const created = await tx.pipelineRun.create({ data: { studyId, status: "QUEUED", progressLabel: "queued" } });
    await tx.study.update({ where: { id: studyId }, data: { pipelineStatus: "QUEUED", pipelineError: null } });
    await recordAudit(tx, { type: "PIPELINE_QUEUED", payload: { pipelineRunId: created.id }, actorId: null, studyId });
    return created;
  });
  return runPipelineJob({ pipelineRunId: run.id, workerId, analyzer, willRetry: false });
}
