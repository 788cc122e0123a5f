import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { STALE_AFTER_MS } from "./heartbeat";
import { getBoss, PGBOSS_SCHEMA, PIPELINE_JOB_OPTIONS, PIPELINE_QUEUE } from "./queue";
import { sendPipelineJob } from "./enqueue-pipeline";

export interface SweepStaleRunsOptions {
  /** A RUNNING run started without a heartbeat (older workers) is stale after this (default: the job expiry + 1 min). */
  runningTimeoutMs?: number;
  /** A RUNNING run whose heartbeat is older than this lost its worker (default STALE_AFTER_MS, 25 s). */
  staleAfterMs?: number;
  /** A QUEUED run older than this with no waiting job gets its job re-sent (default 2 min). */
  queuedGraceMs?: number;
  /** Attempts after which a stuck run is FAILED instead of re-queued (default retryLimit + 1). */
  maxAttempts?: number;
  now?: Date;
}

/**
 * Fails the jobs pg-boss still holds as active for a run whose worker is gone, so that pg-boss
 * retries them now (or records them failed after their last retry) instead of at their expiry.
 */
async function failActiveJobs(pipelineRunId: string): Promise<void> {
  const boss = await getBoss();
  const { rows } = await boss.getDb().executeSql(
    `SELECT id FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND data->>'pipelineRunId' = $2 AND state = 'active'`,
    [PIPELINE_QUEUE, pipelineRunId],
  );
  for (const { id } of rows as Array<{ id: string }>) {
    await boss.fail(PIPELINE_QUEUE, id, { message: "The worker running this job stopped responding (no heartbeat)." });
  }
}

/** Whether pg-boss still holds a waiting or running job for this run. */
async function hasLiveJob(pipelineRunId: string): Promise<boolean> {
  const boss = await getBoss();
  const { rows } = await boss.getDb().executeSql(
    `SELECT 1 FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND data->>'pipelineRunId' = $2 AND state IN ('created', 'retry', 'active') LIMIT 1`,
    [PIPELINE_QUEUE, pipelineRunId],
  );
  return rows.length > 0;
}

/**
 * Recovery that pg-boss alone cannot do, because the run rows live outside it: a QUEUED run
 * whose job never reached the queue (the web process died between commit and send) gets its job
 * re-sent; a RUNNING run whose heartbeat stopped (lib/jobs/heartbeat.ts: its worker died) has its
 * active job failed so that pg-boss retries it at once, and a RUNNING run whose job is no longer
 * live (past its retries, or lost) is re-queued, or FAILED with a sentence after `maxAttempts`. Safe to run from
 * every worker at once: the stately queue refuses a second waiting job for a study.
 */
export async function sweepStaleRuns(options: SweepStaleRunsOptions = {}): Promise<{ resent: number; requeued: number; failed: number }> {
  const now = options.now ?? new Date();
  const runningTimeout = options.runningTimeoutMs ?? PIPELINE_JOB_OPTIONS.expireInSeconds * 1000 + 60_000;
  const queuedGrace = options.queuedGraceMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? PIPELINE_JOB_OPTIONS.retryLimit + 1;
  const client = db();
  let resent = 0;
  let requeued = 0;
  let failed = 0;

  const queued = await client.pipelineRun.findMany({ where: { status: "QUEUED", createdAt: { lt: new Date(now.getTime() - queuedGrace) } }, take: 100 });
  for (const run of queued) {
    if (await hasLiveJob(run.id)) continue;
    if ((await sendPipelineJob({ pipelineRunId: run.id, studyId: run.studyId })) !== null) resent++;
  }

  const staleSince = new Date(now.getTime() - (options.staleAfterMs ?? STALE_AFTER_MS));
  const running = await client.pipelineRun.findMany({
    where: {
      status: "RUNNING",
      OR: [{ heartbeatAt: { lt: staleSince } }, { heartbeatAt: null, startedAt: { lt: new Date(now.getTime() - runningTimeout) } }],
    },
    take: 100,
  });
  for (const run of running) {
    // A silent heartbeat means the worker is gone even though pg-boss still counts its job active.
    if (run.heartbeatAt) await failActiveJobs(run.id);
    if (await hasLiveJob(run.id)) {
      // pg-boss retries it: show the run as waiting, not as running on a dead worker.
      await client.pipelineRun.updateMany({ where: { id: run.id, status: "RUNNING" }, data: { status: "QUEUED", progressLabel: "re-queued after a stalled attempt", error: "The previous attempt stopped responding." } });
      await client.study.update({ where: { id: run.studyId }, data: { pipelineStatus: "QUEUED" } });
      requeued++;
      continue;
    }
    if (run.attempts >= maxAttempts) {
      const error = `The pipeline run stopped responding after ${run.attempts} attempts.`;
      await client.$transaction(async (tx) => {
        const changed = await tx.pipelineRun.updateMany({ where: { id: run.id, status: "RUNNING" }, data: { status: "FAILED", error, progressLabel: "failed", finishedAt: now } });
        if (changed.count === 0) return;
        await tx.study.update({ where: { id: run.studyId }, data: { pipelineStatus: "FAILED", pipelineError: error } });
        await recordAudit(tx, { type: "PIPELINE_FAILED", studyId: run.studyId, payload: { pipelineRunId: run.id, error } });
      });
      failed++;
      continue;
    }
    const changed = await client.pipelineRun.updateMany({
      where: { id: run.id, status: "RUNNING" },
      data: { status: "QUEUED", progressLabel: "re-queued after a stalled attempt", error: "The previous attempt stopped responding." },
    });
    if (changed.count === 0) continue;
    await client.study.update({ where: { id: run.studyId }, data: { pipelineStatus: "QUEUED" } });
    await sendPipelineJob({ pipelineRunId: run.id, studyId: run.studyId });
    requeued++;
  }
  return { resent, requeued, failed };
}
