import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { saveAiPredictions, type TSavedAiPredictions } from "../annotations";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { writeStudy } from "../phantom/write-study";
import type { TVariant } from "../phantom/options";
import { importFiles } from "../studies/import-files";
import { runPipelineNow } from "../jobs/run-pipeline-now";
import type { TPipelineAnalyzer } from "../jobs/run-pipeline-job";
import { registryAnalyzer } from "../models/registry-analyzer";
import { analysisFromTruth, PHANTOM_TRUTH_MODEL } from "./analysis-from-truth";

export interface SeedPhantomStudyOptions {
  seed: number;
  variant?: TVariant;
  /**
   * Where the AI reading comes from. "pipeline": the trained models through the worker's job
   * (runPipelineNow over the registry's active versions) — what every demo study gets.
   * "phantom-truth" (default, for integration-test fixtures that need known values without
   * running models): the truth stored under the clearly named "phantom-truth" model version.
   */
  ai?: "pipeline" | "phantom-truth";
  /** The analyzer for "pipeline" (default: one registryAnalyzer shared by every seed call). */
  analyzer?: TPipelineAnalyzer;
}

let sharedAnalyzer: TPipelineAnalyzer | undefined;

export interface TSeededPhantomStudy {
  studyId: string;
  studyInstanceUid: string;
  ai: TSavedAiPredictions;
}

/**
 * A pre-annotated phantom study for demos and end-to-end tests: generated into a temporary
 * folder, imported like any DICOM, then given its AI reading — by the trained models through the
 * normal pipeline job (`ai: "pipeline"`, the demo's choice), or, for test fixtures, from its
 * truth.json under the clearly named "phantom-truth" model version. Idempotent per seed: a study
 * that has an AI reading already is left alone. Throws INTERNAL with the run's sentence when the
 * pipeline fails (models missing, study unusable).
 */
export async function seedPhantomStudy(options: SeedPhantomStudyOptions): Promise<TSeededPhantomStudy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "discern-phantom-"));
  try {
    const { dir: studyDir, study } = await writeStudy(dir, { seed: options.seed, variant: options.variant ?? "mixed" });
    await importFiles({ paths: [studyDir], source: "seed" });
    const row = await db().study.findUnique({ where: { studyInstanceUid: study.truth.studyInstanceUid } });
    if (!row) throw new AppError("INTERNAL", { message: `phantom ${options.seed} did not import` });
    const existing = await db().reading.findFirst({ where: { studyId: row.id, role: "AI" }, orderBy: { createdAt: "desc" } });
    if (existing) return { studyId: row.id, studyInstanceUid: row.studyInstanceUid, ai: { reading: existing, annotations: await db().annotation.count({ where: { readingId: existing.id } }), created: false } };
    if (options.ai === "pipeline") {
      const outcome = await runPipelineNow(row.id, options.analyzer ?? (sharedAnalyzer ??= registryAnalyzer()));
      if (outcome.status !== "DONE") {
        throw new AppError("INTERNAL", { message: `The AI pipeline did not pre-annotate phantom ${options.seed}: ${outcome.status === "FAILED" ? outcome.error : outcome.reason}` });
      }
      const reading = await db().reading.findUniqueOrThrow({ where: { id: outcome.readingId } });
      return { studyId: row.id, studyInstanceUid: row.studyInstanceUid, ai: { reading, annotations: outcome.annotations, created: true } };
    }

    const model = await db().modelVersion.upsert({
      where: { modelId_version: { modelId: PHANTOM_TRUTH_MODEL.id, version: PHANTOM_TRUTH_MODEL.version } },
      create: {
        modelId: PHANTOM_TRUTH_MODEL.id,
        version: PHANTOM_TRUTH_MODEL.version,
        task: "phantom-truth",
        sha256: "0".repeat(64),
        manifest: { note: "Not a model: the phantom generator's ground truth stored as predictions, for demos and tests." },
        active: false,
      },
      update: {},
    });
    const run = await db().pipelineRun.create({
      data: { studyId: row.id, status: "DONE", progress: 1, progressLabel: "phantom truth", device: "none", models: [PHANTOM_TRUTH_MODEL], startedAt: new Date(), finishedAt: new Date() },
    });
    await db().study.update({ where: { id: row.id }, data: { pipelineStatus: "DONE" } });
    const ids = { VERTEBRA_BOX: model.id, DISC_ROI: model.id, SLICE_LEVEL: model.id, LEVEL_DIAGNOSIS: model.id };
    const ai = await saveAiPredictions({ studyId: row.id, pipelineRunId: run.id, analysis: analysisFromTruth(study.truth), modelVersionIds: ids });
    return { studyId: row.id, studyInstanceUid: row.studyInstanceUid, ai };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
