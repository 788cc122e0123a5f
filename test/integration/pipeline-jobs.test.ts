import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { AppError } from "../../lib/errors/app-error";
import { modelDir } from "../../lib/inference/models";
import { releaseModelSessions } from "../../lib/inference/session";
import type { TModelManifest } from "../../lib/inference/manifest";
import { enqueuePipeline } from "../../lib/jobs/enqueue-pipeline";
import { enqueuePipelines } from "../../lib/jobs/enqueue-pipelines";
import { getPipelineStatus } from "../../lib/jobs/get-pipeline-status";
import { processNextPipelineJob } from "../../lib/jobs/pipeline-worker";
import { getBoss, PGBOSS_SCHEMA, PIPELINE_QUEUE, stopBoss } from "../../lib/jobs/queue";
import { pipelineAnalyzer, type TPipelineAnalyzer } from "../../lib/jobs/run-pipeline-job";
import { sweepStaleRuns } from "../../lib/jobs/sweep-stale-runs";
import { writeStudy } from "../../lib/phantom/write-study";
import type { TPhantomTruth } from "../../lib/phantom/truth";
import { loadPipelineModels } from "../../lib/pipeline/pipeline-models";
import { analysisFromTruth } from "../../lib/review/analysis-from-truth";
import { importFiles } from "../../lib/studies/import-files";
import { makeUser, resetDatabase } from "./helpers";

vi.mock("../../lib/auth/current-user", () => ({
  currentUser: async () => ({ id: "radiologist", email: "r@test.local", name: "Reader", role: "RADIOLOGIST" }),
  requireUser: async () => ({ id: "radiologist", email: "r@test.local", name: "Reader", role: "RADIOLOGIST" }),
}));
const { POST: postAnalyze } = await import("../../app/api/studies/[studyId]/analyze/route");
const { GET: getPipeline } = await import("../../app/api/studies/[studyId]/pipeline/route");

const modelsPresent = (["vertebrae", "roi", "classifier"] as const).every((r) => existsSync(path.join(modelDir(r), "model.onnx")));
if (!modelsPresent) console.warn("skipping the real-model worker test: models/<id>/model.onnx not committed yet");

/** Stand-in manifests for the stub analyzer (the queue is under test here, not the models). */
function fakeManifest(id: string, task: TModelManifest["task"]): TModelManifest {
  return {
    schema: "discern.model-manifest/v1",
    id,
    version: "0.0.1-test",
    task,
    file: "model.onnx",
    sha256: "a".repeat(64),
    input: { name: "image", shape: [-1, 1, 64, 64], dtype: "float32", layout: "NCHW" },
    preprocess: { source: "test", resample: { method: "bilinear-half-pixel-clamp", region: "full-image", width: 64, height: 64, keepAspect: false }, normalize: { method: "zscore", eps: 1e-6 } },
    labels: ["x"],
    output: { format: "classifier", logits: "logits", activation: "softmax" },
  };
}
const MANIFESTS = [fakeManifest("test-vertebrae", "vertebra-detection"), fakeManifest("test-roi", "disc-roi-detection"), fakeManifest("test-classifier", "disc-classification")];

function stubAnalyzer(truth: TPhantomTruth, seen: { files: number }): TPipelineAnalyzer {
  return {
    analyze: async (sources, onProgress) => {
      seen.files = sources.length;
      await onProgress("vertebrae", 0.2);
      const analysis = { ...analysisFromTruth(truth), models: MANIFESTS.map((m) => ({ id: m.id, version: m.version })), device: "cpu", timingsMs: { total: 12 } };
      return { analysis, stages: {}, warnings: [] };
    },
    manifests: async () => MANIFESTS,
  };
}

function failingAnalyzer(error: AppError): TPipelineAnalyzer {
  return { analyze: async () => Promise.reject(error), manifests: async () => MANIFESTS };
}

/** Lets a job waiting for its retry delay be fetched now. */
async function skipRetryDelay(): Promise<void> {
  await db().$executeRawUnsafe(`UPDATE ${PGBOSS_SCHEMA}.job SET start_after = now() WHERE name = '${PIPELINE_QUEUE}' AND state = 'retry'`);
}

async function jobStates(): Promise<string[]> {
  const rows = await db().$queryRawUnsafe<{ state: string }[]>(`SELECT state::text AS state FROM ${PGBOSS_SCHEMA}.job WHERE name = '${PIPELINE_QUEUE}' ORDER BY created_on`);
  return rows.map((r) => r.state);
}

describe("[PIPELINE] job queue and worker", () => {
  let tmp: string;
  let studyId: string;
  let truth: TPhantomTruth;
  let instanceCount: number;

  beforeAll(async () => {
    await resetDatabase();
    await getBoss();
    tmp = await mkdtemp(path.join(os.tmpdir(), "discern-jobs-"));
    const written = await writeStudy(tmp, { seed: 3, variant: "mixed" });
    truth = written.study.truth;
    await importFiles({ paths: [written.dir], source: "test" });
    const study = await db().study.findUniqueOrThrow({ where: { studyInstanceUid: truth.studyInstanceUid } });
    studyId = study.id;
    instanceCount = await db().instance.count({ where: { series: { studyId } } });
  });

  beforeEach(async () => {
    // Each test starts with an empty queue and no run left waiting by the one before.
    await db().$executeRawUnsafe(`DELETE FROM ${PGBOSS_SCHEMA}.job WHERE name = '${PIPELINE_QUEUE}'`);
    await db().pipelineRun.updateMany({ where: { status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "FAILED" } });
  });

  afterAll(async () => {
    await stopBoss();
    await releaseModelSessions();
    await rm(tmp, { recursive: true, force: true });
    await db().$disconnect();
  });

  it("enqueue → one worker turn → an AI reading whose revisions name the registered model versions", async () => {
    const first = await enqueuePipeline(studyId);
    expect(first.created).toBe(true);
    const again = await enqueuePipeline(studyId);
    expect(again).toEqual({ pipelineRunId: first.pipelineRunId, created: false });
    expect(await jobStates()).toEqual(["created"]);
    expect((await db().study.findUniqueOrThrow({ where: { id: studyId } })).pipelineStatus).toBe("QUEUED");

    const seen = { files: 0 };
    const outcome = await processNextPipelineJob(stubAnalyzer(truth, seen), "test-worker");
    expect(outcome?.status).toBe("DONE");
    expect(seen.files).toBe(instanceCount);
    expect(await processNextPipelineJob(stubAnalyzer(truth, seen))).toBeNull();

    const run = await db().pipelineRun.findUniqueOrThrow({ where: { id: first.pipelineRunId }, include: { reading: true } });
    expect(run).toMatchObject({ status: "DONE", progress: 1, attempts: 1, workerId: "test-worker", device: "cpu", error: null });
    expect(run.timingsMs).toEqual({ total: 12 });
    const study = await db().study.findUniqueOrThrow({ where: { id: studyId } });
    expect(study).toMatchObject({ pipelineStatus: "DONE", reviewState: "PRE_ANNOTATED", pipelineError: null });

    const versions = await db().modelVersion.findMany({ orderBy: { modelId: "asc" } });
    expect(versions.map((v) => `${v.modelId}@${v.version}`)).toEqual(["test-classifier@0.0.1-test", "test-roi@0.0.1-test", "test-vertebrae@0.0.1-test"]);
    const revisions = await db().annotationRevision.findMany({ where: { annotation: { readingId: run.reading!.id } }, include: { annotation: true, modelVersion: true } });
    expect(revisions.length).toBeGreaterThan(10);
    const modelOf = (kind: string) => new Set(revisions.filter((r) => r.annotation.kind === kind).map((r) => r.modelVersion?.modelId));
    expect(modelOf("VERTEBRA_BOX")).toEqual(new Set(["test-vertebrae"]));
    expect(modelOf("SLICE_LEVEL")).toEqual(new Set(["test-vertebrae"]));
    expect(modelOf("DISC_ROI")).toEqual(new Set(["test-roi"]));
    expect(modelOf("LEVEL_DIAGNOSIS")).toEqual(new Set(["test-classifier"]));
    expect(revisions.every((r) => r.source === "AI")).toBe(true);

    const audit = await db().auditEvent.findMany({ where: { studyId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.type)).toEqual(expect.arrayContaining(["PIPELINE_QUEUED", "PIPELINE_FINISHED"]));
    expect(audit.filter((a) => a.type === "PIPELINE_QUEUED")).toHaveLength(1);
  });

  it("a re-run adds a new AI reading and leaves human readings and the review state alone", async () => {
    const reader = await makeUser("RADIOLOGIST");
    // The mocked session user of the route handlers.
    await db().user.create({ data: { id: "radiologist", email: "mocked-radiologist@test.local", name: "Reader", role: "RADIOLOGIST", passwordHash: "-" } });
    const human = await db().reading.create({ data: { studyId, role: "PRIMARY", status: "IN_PROGRESS", readerId: reader.id } });
    const annotation = await db().annotation.create({ data: { readingId: human.id, studyId, kind: "LEVEL_DIAGNOSIS", key: "L4-L5", revision: 1 } });
    const revision = await db().annotationRevision.create({
      data: { annotationId: annotation.id, seq: 1, source: "HUMAN", authorId: reader.id, data: { level: "L4-L5", diagnosis: "herniation", probabilities: null } },
    });
    await db().annotation.update({ where: { id: annotation.id }, data: { headRevisionId: revision.id } });
    await db().study.update({ where: { id: studyId }, data: { reviewState: "IN_REVIEW" } });
    const before = await db().annotationRevision.findMany({ where: { annotation: { readingId: human.id } } });

    const response = await postAnalyze(new Request(`http://test/api/studies/${studyId}/analyze`, { method: "POST" }), { params: Promise.resolve({ studyId }) });
    expect(response.status).toBe(202);
    const { pipelineRunId } = (await response.json()) as { pipelineRunId: string };
    expect((await processNextPipelineJob(stubAnalyzer(truth, { files: 0 })))?.status).toBe("DONE");

    const ai = await db().reading.findMany({ where: { studyId, role: "AI" }, orderBy: { createdAt: "asc" } });
    expect(ai.map((r) => r.status)).toEqual(["SUPERSEDED", "SIGNED"]);
    expect(ai[1]!.pipelineRunId).toBe(pipelineRunId);
    expect(await db().annotationRevision.findMany({ where: { annotation: { readingId: human.id } } })).toEqual(before);
    expect(await db().reading.findUniqueOrThrow({ where: { id: human.id } })).toMatchObject({ status: "IN_PROGRESS", readerId: reader.id });
    expect((await db().study.findUniqueOrThrow({ where: { id: studyId } })).reviewState).toBe("IN_REVIEW");

    const status = await getPipeline(new Request(`http://test/api/studies/${studyId}/pipeline`), { params: Promise.resolve({ studyId }) });
    const body = (await status.json()) as Awaited<ReturnType<typeof getPipelineStatus>>;
    expect(body.pipelineStatus).toBe("DONE");
    expect(body.runs[0]).toMatchObject({ id: pipelineRunId, status: "DONE", progress: 1, device: "cpu" });
    expect(body.runs).toHaveLength(2);
  });

  it("an upload chunk's run waits out the settle delay: later chunks join it, no worker takes it early", async () => {
    const first = await enqueuePipeline(studyId, { startAfterSeconds: 10 });
    expect(await enqueuePipeline(studyId, { startAfterSeconds: 10 })).toEqual({ pipelineRunId: first.pipelineRunId, created: false });
    expect(await jobStates()).toEqual(["created"]);
    expect(await processNextPipelineJob(stubAnalyzer(truth, { files: 0 }), "early-worker")).toBeNull();
    expect((await db().pipelineRun.findUniqueOrThrow({ where: { id: first.pipelineRunId } })).status).toBe("QUEUED");
    // Once the delay has passed (made to pass here), a worker takes it like any other job.
    await db().$executeRawUnsafe(`UPDATE ${PGBOSS_SCHEMA}.job SET start_after = now() WHERE name = '${PIPELINE_QUEUE}' AND state = 'created'`);
    expect((await processNextPipelineJob(stubAnalyzer(truth, { files: 0 }), "later-worker"))?.status).toBe("DONE");
  });

  it("enqueuePipelines queues many studies in one go with the same rules: one run and one job per study, a queued run is kept", async () => {
    const missing = "c-no-such-study";
    const queued = await enqueuePipelines([studyId, missing, studyId]);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ studyId, created: true });
    expect(await jobStates()).toEqual(["created"]);
    expect(await db().auditEvent.count({ where: { type: "PIPELINE_QUEUED", studyId, payload: { equals: { pipelineRunId: queued[0]!.pipelineRunId } } } })).toBe(1);
    expect((await db().study.findUniqueOrThrow({ where: { id: studyId } })).pipelineStatus).toBe("QUEUED");
    // Again, one by one or in bulk: the queued run comes back, no second job.
    expect(await enqueuePipelines([studyId])).toEqual([{ studyId, pipelineRunId: queued[0]!.pipelineRunId, created: false }]);
    expect(await enqueuePipeline(studyId)).toEqual({ pipelineRunId: queued[0]!.pipelineRunId, created: false });
    expect(await jobStates()).toEqual(["created"]);
    expect((await processNextPipelineJob(stubAnalyzer(truth, { files: 0 }), "bulk-worker"))?.status).toBe("DONE");
  });

  it("a failing job is retried by pg-boss, then ends FAILED with its one sentence", async () => {
    const failing = failingAnalyzer(new AppError("INFERENCE_FAILED", { userMessage: "Model test-roi failed to run on cpu." }));
    const { pipelineRunId } = await enqueuePipeline(studyId);
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1) await skipRetryDelay();
      const outcome = await processNextPipelineJob(failing);
      expect(outcome).toMatchObject({ status: "FAILED", error: "Model test-roi failed to run on cpu." });
      const run = await db().pipelineRun.findUniqueOrThrow({ where: { id: pipelineRunId } });
      expect(run.attempts).toBe(attempt);
      expect(run.error).toBe("Model test-roi failed to run on cpu.");
      expect(run.status).toBe(attempt < 3 ? "QUEUED" : "FAILED");
      expect(await jobStates()).toEqual([attempt < 3 ? "retry" : "failed"]);
    }
    await skipRetryDelay();
    expect(await processNextPipelineJob(failing)).toBeNull();
    const study = await db().study.findUniqueOrThrow({ where: { id: studyId } });
    expect(study).toMatchObject({ pipelineStatus: "FAILED", pipelineError: "Model test-roi failed to run on cpu." });
    const failed = await db().auditEvent.findMany({ where: { studyId, type: "PIPELINE_FAILED" } });
    expect(failed.map((a) => a.payload)).toEqual([{ pipelineRunId, error: "Model test-roi failed to run on cpu." }]);
  });

  it("a study that cannot be analysed fails at once, without retries", async () => {
    const { pipelineRunId } = await enqueuePipeline(studyId);
    const outcome = await processNextPipelineJob(failingAnalyzer(new AppError("INVALID_INPUT", { userMessage: "The study has no sagittal T2 series, so the vertebrae cannot be located." })));
    expect(outcome).toMatchObject({ status: "FAILED", retry: false });
    expect(await db().pipelineRun.findUniqueOrThrow({ where: { id: pipelineRunId } })).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(await jobStates()).toEqual(["completed"]);
  });

  it("the sweep re-queues a run whose worker died and re-sends a queued run whose job was lost", async () => {
    const stale = await db().pipelineRun.create({ data: { studyId, status: "RUNNING", attempts: 1, startedAt: new Date(Date.now() - 3600_000) } });
    const lost = await db().pipelineRun.create({ data: { studyId, status: "QUEUED", createdAt: new Date(Date.now() - 3600_000) } });
    const swept = await sweepStaleRuns();
    // One study: the stately queue holds one waiting job for it, so the second send waits for a later sweep.
    expect(swept.requeued + swept.resent).toBeGreaterThanOrEqual(1);
    expect((await db().pipelineRun.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe("QUEUED");
    expect(await jobStates()).toEqual(["created"]);
    await db().pipelineRun.update({ where: { id: lost.id }, data: { status: "FAILED" } });
    const dead = await db().pipelineRun.create({ data: { studyId, status: "RUNNING", attempts: 3, startedAt: new Date(Date.now() - 3600_000) } });
    expect((await sweepStaleRuns()).failed).toBe(1);
    expect(await db().pipelineRun.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({ status: "FAILED", error: "The pipeline run stopped responding after 3 attempts." });
  });

  describe.skipIf(!modelsPresent)("with the committed models", () => {
    it("pre-annotates the imported phantom with the trained models", async () => {
      const { pipelineRunId } = await enqueuePipeline(studyId);
      const outcome = await processNextPipelineJob(pipelineAnalyzer(() => loadPipelineModels({ device: "cpu" })));
      expect(outcome?.status).toBe("DONE");
      const run = await db().pipelineRun.findUniqueOrThrow({ where: { id: pipelineRunId }, include: { reading: { include: { annotations: { include: { head: { include: { modelVersion: true } } } } } } } });
      const ids = new Set(run.reading!.annotations.map((a) => a.head?.modelVersion?.modelId));
      expect(ids).toEqual(new Set(["discern-vertebrae-centernet", "discern-disc-roi-centernet", "discern-disc-classifier"]));
      expect(run.device).toBe("cpu");
    });
  });
});
