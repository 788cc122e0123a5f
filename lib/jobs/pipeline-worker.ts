import os from "node:os";
import type PgBoss from "pg-boss";
import { sweepStaleExports } from "../datasets/sweep-stale-exports";
import { logError, logInfo } from "../log";
import { SWEEP_INTERVAL_MS } from "./heartbeat";
import { getBoss, PIPELINE_QUEUE, type TPipelineJobData } from "./queue";
import { runPipelineJob, type TPipelineAnalyzer } from "./run-pipeline-job";
import { sweepStaleRuns } from "./sweep-stale-runs";

export interface PipelineWorkerOptions {
  analyzer: TPipelineAnalyzer;
  workerId?: string;
  /** Seconds between polls for new jobs (pg-boss also wakes on send from this process). */
  pollingIntervalSeconds?: number;
  /** Milliseconds between sweeps for lost or stuck runs and exports (default SWEEP_INTERVAL_MS, 10 s; 0 disables). */
  sweepIntervalMs?: number;
}

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}`;
}

/**
/** A job attempt that failed; `retry` says whether pg-boss will run it again. */
export class PipelineJobFailed extends Error {
  constructor(message: string, readonly retry: boolean) {
    super(message);
  }
}

/**
 * Handles one pg-boss job (the worker loop and the tests share this): runs it and tells pg-boss
 * how it ended. A failure that may be retried is thrown back to pg-boss (which schedules the
 * retry); a permanent one completes the job, its run already FAILED with its sentence.
 */
export async function handlePipelineJob(job: PgBoss.JobWithMetadata<TPipelineJobData>, analyzer: TPipelineAnalyzer, workerId: string) {
  const willRetry = job.retryCount < job.retryLimit;
  const outcome = await runPipelineJob({ pipelineRunId: job.data.pipelineRunId, workerId, analyzer, willRetry });
  // Thrown back: pg-boss retries it, or on the last attempt records it failed. A permanent
  // failure with retries left is completed instead, so that nobody retries a hopeless study.
  if (outcome.status === "FAILED" && (outcome.retry || !willRetry)) throw new PipelineJobFailed(outcome.error, outcome.retry);
  return outcome;
}

/**
 * Takes at most one queued job, runs it and completes or fails it in pg-boss: one turn of the
 * worker loop (integration tests call it directly). Returns null when the queue is empty.
 */
export async function processNextPipelineJob(analyzer: TPipelineAnalyzer, workerId = defaultWorkerId()) {
  const boss = await getBoss({ supervise: false });
  const [job] = await boss.fetch<TPipelineJobData>(PIPELINE_QUEUE, { includeMetadata: true, batchSize: 1 });
  if (!job) return null;
  try {
    const outcome = await handlePipelineJob(job, analyzer, workerId);
    await boss.complete(PIPELINE_QUEUE, job.id, { status: outcome.status });
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await boss.fail(PIPELINE_QUEUE, job.id, { message });
    return { status: "FAILED" as const, error: message, retry: error instanceof PipelineJobFailed ? error.retry : job.retryCount < job.retryLimit };
  }
}

/**
 * The long-running worker (`npm run worker`): one job at a time per process (the models use the
 * machine's cores), as many processes and machines as wanted — pg-boss's row locks hand each job
 * to one worker, and the stately queue keeps one running job per study. Nothing lives in process
 * memory but the loaded models. A periodic sweep re-sends QUEUED runs whose job was lost and
 * re-queues RUNNING runs whose worker died.
 */
export async function startPipelineWorker(options: PipelineWorkerOptions): Promise<{ stop: () => Promise<void> }> {
  const workerId = options.workerId ?? defaultWorkerId();
  const boss = await getBoss({ supervise: true });
  await boss.work<TPipelineJobData>(
    PIPELINE_QUEUE,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      if (!job) return;
      const outcome = await handlePipelineJob(job, options.analyzer, workerId);
      logInfo("worker", `run ${job.data.pipelineRunId}: ${outcome.status}${outcome.status === "FAILED" ? ` (${outcome.error})` : ""}`);
      return outcome;
    },
  );
  const sweepEvery = options.sweepIntervalMs ?? SWEEP_INTERVAL_MS;
  const sweep = async () => {
    try {
      const swept = await sweepStaleRuns();
      if (swept.requeued + swept.resent + swept.failed > 0) logInfo("worker", `sweep: ${swept.resent} re-sent, ${swept.requeued} re-queued, ${swept.failed} failed`);
      const exports = await sweepStaleExports();
      if (exports > 0) logInfo("worker", `sweep: ${exports} abandoned export(s) failed`);
    } catch (error) {
      logError("worker", error);
    }
  };
  const timer = sweepEvery > 0 ? setInterval(() => void sweep(), sweepEvery) : undefined;
  if (sweepEvery > 0) void sweep();
  logInfo("worker", `pipeline worker ${workerId} waiting for jobs`);
  return {
    stop: async () => {
      if (timer) clearInterval(timer);
      await boss.offWork(PIPELINE_QUEUE);
    },
  };
}
