import type { Prisma } from "@prisma/client";
import { saveAiPredictions } from "../annotations/save-ai-predictions";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { toAppError } from "../errors/app-error";
import type { TModelManifest } from "../inference/manifest";
import { analyzeStudy, type AnalyzeStudyResult, type TPipelineStep } from "../pipeline/analyze-study";
import type { PipelineModels } from "../pipeline/pipeline-models";
import type { TStudySource } from "../pipeline/sources";
import { logError } from "../log";
import { startHeartbeat } from "./heartbeat";
import { storedStudySources } from "./stored-study-sources";
import { registerModelVersions } from "./register-model-versions";

/** How a job runs the analysis: the real pipeline, or a stand-in (tests without models). */
export interface TPipelineAnalyzer {
  analyze(sources: TStudySource[], onProgress: (step: TPipelineStep, fraction: number) => Promise<void>): Promise<AnalyzeStudyResult>;
  manifests(): Promise<TModelManifest[]>;
  /**
   * After a run is DONE: shadow versions (lib/models) analyse the same files; their results stay
   * out of every reading. A failure here is logged and never fails the run.
   */
  afterRun?(context: { studyId: string; pipelineRunId: string; sources: TStudySource[] }): Promise<void>;
}

/** The real analyzer over models loaded on first use and reused by every later job. */
export function pipelineAnalyzer(loadModels: () => Promise<PipelineModels>): TPipelineAnalyzer {
  let models: Promise<PipelineModels> | undefined;
  const get = () => {
    models ??= loadModels();
    models.catch(() => (models = undefined)); // a failed load is retried by the next job
    return models;
  };
  return {
    analyze: async (sources, onProgress) => analyzeStudy({ input: sources, models: await get(), onProgress }),
    manifests: async () => (await get()).manifests,
  };
}

export interface RunPipelineJobOptions {
  pipelineRunId: string;
  workerId: string;
  analyzer: TPipelineAnalyzer;
  /** Whether pg-boss will try again if this attempt fails (retries left). */
  willRetry: boolean;
}

export type TPipelineJobOutcome = { status: "DONE"; readingId: string; annotations: number } | { status: "SKIPPED"; reason: string } | { status: "FAILED"; error: string; retry: boolean };

/** Errors no retry can fix: the study itself is unusable. */
const PERMANENT: ReadonlySet<string> = new Set(["INVALID_INPUT", "INVALID_DICOM", "UNSUPPORTED_DICOM"]);

const LABELS: Record<TPipelineStep, string> = {
  load: "reading images",
  decode: "decoding",
  vertebrae: "locating vertebrae",
  levels: "assigning levels",
  roi: "finding disc regions",
  classify: "classifying discs",
};

/** One sentence for the UI: the AppError's user message, never a stack or patient text. */
function sentence(error: unknown): string {
  const e = toAppError(error);
  if (e.code === "INTERNAL") logError("pipeline", e);
  const text = e.code === "INTERNAL" ? "The pipeline failed unexpectedly." : e.userMessage;
  const line = text.replace(/\s+/g, " ").trim().slice(0, 300);
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

/**
 * Runs one pipeline job: marks the run RUNNING (attempt n, this worker), reads the study's
 * stored files from the blob store, analyses them, stores the result as the study's new AI
 * reading through saveAiPredictions (human readings untouched) with ModelVersion rows from the
 * manifests, and marks the run DONE with timings, models and device. On failure the run goes back
 * to QUEUED when pg-boss will retry, else FAILED with one sentence (the study's pipelineError).
 * A run already DONE is skipped, so a redelivered job changes nothing.
 */
export async function runPipelineJob(options: RunPipelineJobOptions): Promise<TPipelineJobOutcome> {
  const client = db();
  const run = await client.pipelineRun.findUnique({ where: { id: options.pipelineRunId } });
  if (!run) return { status: "SKIPPED", reason: "the pipeline run no longer exists" };
  if (run.status === "DONE") return { status: "SKIPPED", reason: "the pipeline run is already done" };
  const studyId = run.studyId;
  await client.$transaction([
    client.pipelineRun.update({
      where: { id: run.id },
      data: { status: "RUNNING", attempts: { increment: 1 }, workerId: options.workerId, startedAt: new Date(), heartbeatAt: new Date(), finishedAt: null, progress: 0, progressLabel: "starting", error: null },
    }),
    client.study.update({ where: { id: studyId }, data: { pipelineStatus: "RUNNING" } }),
  ]);
  // Liveness for the sweep (lib/jobs/heartbeat.ts): a run whose heartbeat stops lost its worker.
  const stopHeartbeat = startHeartbeat(() => client.pipelineRun.updateMany({ where: { id: run.id, status: "RUNNING" }, data: { heartbeatAt: new Date() } }));

  try {
    // Read all at once (the file system serves them in parallel); the study is held in memory anyway.
    // Each source carries the header facts import stored, so the pipeline does not parse them again.
    const sources: TStudySource[] = await storedStudySources(studyId);
    const result = await options.analyzer.analyze(sources, async (step, fraction) => {
      await client.pipelineRun.update({ where: { id: run.id }, data: { progress: fraction, progressLabel: LABELS[step] } });
    });
    await client.pipelineRun.update({ where: { id: run.id }, data: { progress: 0.95, progressLabel: "storing predictions" } });
    const modelVersionIds = await registerModelVersions(await options.analyzer.manifests());
    const saved = await saveAiPredictions({ studyId, pipelineRunId: run.id, analysis: result.analysis, modelVersionIds });
    const a = result.analysis;
    await client.$transaction(async (tx) => {
      await tx.pipelineRun.update({
        where: { id: run.id },
        data: {
          status: "DONE",
          progress: 1,
          progressLabel: "done",
          finishedAt: new Date(),
          device: a.device,
          models: a.models as Prisma.InputJsonValue,
          timingsMs: a.timingsMs as Prisma.InputJsonValue,
          error: null,
          modelVersions: { set: [...new Set(Object.values(modelVersionIds))].filter((id): id is string => id !== undefined).map((id) => ({ id })) },
        },
      });
      await tx.study.update({ where: { id: studyId }, data: { pipelineStatus: "DONE", pipelineError: null } });
      await recordAudit(tx, { type: "PIPELINE_FINISHED", studyId, payload: { pipelineRunId: run.id, readingId: saved.reading.id, annotations: saved.annotations } });
    });
    await options.analyzer.afterRun?.({ studyId, pipelineRunId: run.id, sources }).catch((error: unknown) => logError("shadow", error));
    return { status: "DONE", readingId: saved.reading.id, annotations: saved.annotations };
  } catch (error) {
    const message = sentence(error);
    const retry = options.willRetry && !PERMANENT.has(toAppError(error).code);
    await client.$transaction(async (tx) => {
      await tx.pipelineRun.update({
        where: { id: run.id },
        data: retry
          ? { status: "QUEUED", error: message, progressLabel: "waiting to retry" }
          : { status: "FAILED", error: message, progressLabel: "failed", finishedAt: new Date() },
      });
      await tx.study.update({ where: { id: studyId }, data: retry ? { pipelineStatus: "QUEUED" } : { pipelineStatus: "FAILED", pipelineError: message } });
      if (!retry) await recordAudit(tx, { type: "PIPELINE_FAILED", studyId, payload: { pipelineRunId: run.id, error: message } });
    });
    return { status: "FAILED", error: message, retry };
  } finally {
    stopHeartbeat();
  }
}
