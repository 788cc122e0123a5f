import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZAnalysis } from "@/lib/analysis/schema";
import { modelDir } from "@/lib/inference/models";
import { releaseModelSessions } from "@/lib/inference/session";
import { writeStudy } from "@/lib/phantom/write-study";
import type { TPhantomTruth } from "@/lib/phantom/truth";
import { analyzeStudy } from "@/lib/pipeline/analyze-study";
import { scoreStudy, summarizeScores } from "@/lib/pipeline/eval";
import { loadPipelineModels } from "@/lib/pipeline/pipeline-models";

const modelsPresent = (["vertebrae", "roi", "classifier"] as const).every((r) => existsSync(path.join(modelDir(r), "model.onnx")));
if (!modelsPresent) console.warn("skipping the committed-model pipeline tests: models/<id>/model.onnx not committed yet");

describe.skipIf(!modelsPresent)("the pipeline with the committed models", () => {
  let dir: string;
  let studies: { dir: string; truth: TPhantomTruth }[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "discern-pipeline-models-"));
    // Held-out seeds (training uses seeds ≥ 1000).
    studies = [];
    for (const seed of [7, 8]) {
      const w = await writeStudy(dir, { seed, variant: "mixed" });
      studies.push({ dir: w.dir, truth: w.study.truth });
    }
  }, 120_000);
  afterAll(async () => {
    await releaseModelSessions();
    await rm(dir, { recursive: true, force: true });
  });

  it("analyses fresh phantoms into valid discern.analysis/v1 documents that match their truth", async () => {
    const models = await loadPipelineModels({ device: "cpu" });
    const scores = [];
    for (const s of studies) {
      const { analysis } = await analyzeStudy({ input: s.dir, models });
      expect(ZAnalysis.safeParse(analysis).success).toBe(true);
      expect(analysis.device).toBe("cpu");
      expect(analysis.models.map((m) => m.id)).toEqual(["discern-vertebrae-centernet", "discern-disc-roi-centernet", "discern-disc-classifier"]);
      expect(analysis.timingsMs.total).toBeGreaterThan(0);
      scores.push(scoreStudy(analysis, s.truth));
    }
    const summary = summarizeScores(scores);
    expect(summary.vertebraLocalisation.accuracy).toBe(1);
    expect(summary.levelAccuracy.accuracy).toBe(1);
    expect(summary.roiAccuracy.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(summary.classification.accuracy).toBeGreaterThanOrEqual(0.8);
  });

  it("reuses the sessions: a second load is served from the cache", async () => {
    const a = await loadPipelineModels({ device: "cpu" });
    const b = await loadPipelineModels({ device: "cpu" });
    expect(b.loadMs).toBeLessThan(a.loadMs + 50);
    expect(b.manifests.map((m) => m.sha256)).toEqual(a.manifests.map((m) => m.sha256));
  });

  it("asked for webgpu, runs there or falls back to cpu with a warning", async () => {
    const warnings: string[] = [];
    const models = await loadPipelineModels({ device: "webgpu", onWarning: (m) => warnings.push(m) });
    const { analysis } = await analyzeStudy({ input: studies[0]!.dir, models });
    expect(["webgpu", "cpu", "webgpu+cpu"]).toContain(analysis.device);
    if (analysis.device !== "webgpu") expect(models.warnings.length).toBeGreaterThan(0);
  });
});
