import { readFile } from "node:fs/promises";
import path from "node:path";
import { toAppError } from "../../errors/app-error";
import { analyzeStudy } from "../../pipeline/analyze-study";
import type { FoundStudy } from "../../pipeline/find-studies";
import { formatAnalysis } from "../../pipeline/format-analysis";
import type { PipelineModels } from "../../pipeline/pipeline-models";
import { EXIT_FAILED, EXIT_OK, type CliIO } from "../types";

export interface BatchOptions {
  dir: string;
  studies: FoundStudy[];
  models: PipelineModels;
  json: boolean;
  io: CliIO;
}

/**
 * `discern analyze` over a folder holding several studies: each study (its own files only) goes
 * through analyzeStudy with the models loaded once; progress and each study's warnings go to
 * stderr; stdout gets one `discern.analysis/v1` document per line (NDJSON) with --json, else one
 * table per study. A study that fails does not stop the others; the exit code is 1 when any
 * failed, and the last stderr lines name each failed study and why.
 */
export async function analyzeBatch(options: BatchOptions): Promise<number> {
  const { io, studies } = options;
  const failed: { uid: string; reason: string }[] = [];
  for (const [k, study] of studies.entries()) {
    const started = performance.now();
    const head = `[${k + 1}/${studies.length}] study ${study.studyInstanceUid} (${study.files.length} files)`;
    io.progress(`${head}: analysing…\n`);
    try {
      // Named by their path in the folder (as for one study); read one study at a time.
      const sources = await Promise.all(study.files.map(async (f) => ({ path: f, bytes: await readFile(path.join(options.dir, f)) })));
      const result = await analyzeStudy({ input: sources, models: options.models });
      const analysis = result.analysis;
      for (const w of result.warnings.filter((w) => !options.models.warnings.includes(w))) io.stderr(`warning: study ${study.studyInstanceUid}: ${w}\n`);
      io.stdout(options.json ? `${JSON.stringify(analysis)}\n` : `${formatAnalysis(analysis)}\n`);
      io.progress(`${head}: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      const reason = toAppError(error).userMessage;
      failed.push({ uid: study.studyInstanceUid, reason });
      io.stderr(`error: study ${study.studyInstanceUid}: ${reason}\n`);
    }
  }
  if (failed.length === 0) return EXIT_OK;
  io.stderr(`${failed.length} of ${studies.length} studies failed:\n${failed.map((f) => `  ${f.uid}: ${f.reason}\n`).join("")}`);
  return EXIT_FAILED;
}
