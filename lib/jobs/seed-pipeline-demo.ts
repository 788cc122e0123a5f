import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { db } from "../db/client";
import { modelDir } from "../inference/models";
import { writeStudy } from "../phantom/write-study";
import { afterStudyImported } from "../studies/after-study-imported";
import { importFiles } from "../studies/import-files";
import { stopBoss } from "./queue";

/** Phantom seeds the demo imports for the trained models to pre-annotate (held out: below 1000). */
export const PIPELINE_DEMO_SEEDS = [201, 202] as const;

/** Whether the three ONNX models are installed under models/. */
export function pipelineModelsPresent(): boolean {
  return (["vertebrae", "roi", "classifier"] as const).every((role) => existsSync(path.join(modelDir(role), "model.onnx")));
}

/**
 * Demo studies pre-annotated by the real pipeline, through the path every study takes: phantoms
 * generated, imported like any DICOM, and queued by the import hook; the demo's worker
 * (scripts/worker.ts) then runs the trained models on them. Skipped, with a line saying so, when
 * the models are not installed. Idempotent: a seed whose patient is already imported is left alone
 * (its run, if still queued, is picked up when the worker starts).
 */
export async function seedPipelineDemo(options: { log: (line: string) => void; seeds?: readonly number[] }): Promise<void> {
  if (!pipelineModelsPresent()) {
    options.log("Pipeline demo skipped: the trained models are not in models/ yet.");
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "discern-pipeline-demo-"));
  try {
    for (const seed of options.seeds ?? PIPELINE_DEMO_SEEDS) {
      const patientId = `PH${String(seed).padStart(6, "0")}`;
      if (await db().study.findFirst({ where: { patient: { patientId } }, select: { id: true } })) continue;
      const written = await writeStudy(dir, { seed, variant: "mixed" });
      const summary = await importFiles({ paths: [written.dir], source: "demo", afterStudyImported });
      if (summary.studies.length > 0) options.log(`Imported phantom study ${seed} and queued it for the AI pipeline.`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await stopBoss();
  }
}
