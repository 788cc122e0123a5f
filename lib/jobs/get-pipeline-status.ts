import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";

/** PipelineRun Json columns, zod-checked on read. */
const ZRunModels = z.array(z.object({ id: z.string(), version: z.string() })).nullable();
const ZRunTimings = z.record(z.string(), z.number()).nullable();

export interface TPipelineRunView {
  id: string;
  status: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  progress: number;
  progressLabel: string | null;
  attempts: number;
  error: string | null;
  device: string | null;
  models: { id: string; version: string }[] | null;
  timingsMs: Record<string, number> | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface TPipelineStatus {
  studyId: string;
  pipelineStatus: "NONE" | "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  pipelineError: string | null;
  reviewState: string;
  /** Most recent first; the first is the one the UI shows. */
  runs: TPipelineRunView[];
}

/**
 * A study's pipeline state for the worklist and the viewer (GET /api/studies/[id]/pipeline): the
 * study's status and error, and its last runs with progress, device, models and timings.
 */
export async function getPipelineStatus(studyId: string, options: { runs?: number } = {}): Promise<TPipelineStatus> {
  const study = await db().study.findUnique({
    where: { id: studyId },
    select: { id: true, pipelineStatus: true, pipelineError: true, reviewState: true, pipelineRuns: { orderBy: { createdAt: "desc" }, take: options.runs ?? 5 } },
  });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "The study does not exist." });
  return {
    studyId: study.id,
    pipelineStatus: study.pipelineStatus,
    pipelineError: study.pipelineError,
    reviewState: study.reviewState,
    runs: study.pipelineRuns.map((r) => ({
      id: r.id,
      status: r.status,
      progress: r.progress,
      progressLabel: r.progressLabel,
      attempts: r.attempts,
      error: r.error,
      device: r.device,
      models: ZRunModels.catch(null).parse(r.models ?? null),
      timingsMs: ZRunTimings.catch(null).parse(r.timingsMs ?? null),
      createdAt: r.createdAt.toISOString(),
      startedAt: r.startedAt?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
  };
}
