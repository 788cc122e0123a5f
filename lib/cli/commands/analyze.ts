import { readFile, stat } from "node:fs/promises";
import type { TVertebraInput } from "../../analysis/analyze-levels";
import type { TAnalysis } from "../../analysis/schema";
import { AppError, toAppError } from "../../errors/app-error";
import { resolveDevice } from "../../inference/device";
import { findStudies } from "../../pipeline/find-studies";
import { parseCliArgs } from "../args";
import type { CliIO, CliRun } from "../types";

// The pipeline (lib/pipeline, lib/inference and onnxruntime-node's native binding) is imported
// only once the arguments and the folder have been checked, and the models then load while the
// folder is scanned: a usage error or a missing folder answers at once, and the start-up before
// model loading stays small (issue 19: < 0.3 s). DISCERN_TRACE_STARTUP=1 prints, on stderr, the
// milliseconds since the process started when model loading starts (bench/cli-start.ts reads it).
const pipeline = () =>
  Promise.all([import("../../pipeline/analyze-study"), import("../../pipeline/pipeline-models"), import("../../pipeline/format-analysis"), import("./analyze-batch")]).then(
    ([study, models, format, batch]) => ({ analyzeStudy: study.analyzeStudy, loadPipelineModels: models.loadPipelineModels, formatAnalysis: format.formatAnalysis, analyzeBatch: batch.analyzeBatch }),
  );

async function readVertebrae(file: string): Promise<TVertebraInput> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new AppError("BAD_USAGE", { userMessage: `Cannot read the vertebrae file ${file}.` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("BAD_USAGE", { userMessage: `The vertebrae file ${file} is not JSON.` });
  }
  const { ZVertebraInput } = await import("../../analysis/analyze-levels");
  const parsed = ZVertebraInput.safeParse(json);
  if (!parsed.success) {
    throw new AppError("BAD_USAGE", { userMessage: `The vertebrae file must be a JSON array of {"label":"L1".."S1","sopInstanceUid","box":[x0,y0,x1,y1]}.` });
  }
  return parsed.data;
}

/** Step 2 only, from given boxes, when the ROI and classifier models are not installed. */
async function levelsOnly(dir: string, vertebrae: TVertebraInput, io: CliIO): Promise<TAnalysis> {
  io.stderr("warning: the disc models are not installed; printing vertebrae and levels only.\n");
  const started = performance.now();
  const [{ readDicomFolder }, { analyzeLevels }] = await Promise.all([import("../../analysis/read-dicom-folder"), import("../../analysis/analyze-levels")]);
  const { instances, skippedFiles } = await readDicomFolder(dir);
  const loadMs = performance.now() - started;
  const analysis = analyzeLevels({ instances: instances.map((i) => i.meta), skippedFiles, vertebrae, pathOf: (sop) => instances.find((i) => i.meta.sopInstanceUid === sop)?.path });
  for (const w of analysis.warnings ?? []) io.stderr(`warning: ${w}\n`);
  analysis.timingsMs = { load: Math.round(loadMs), ...analysis.timingsMs, total: Math.round(performance.now() - started) };
  return analysis;
}

export const run: CliRun = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    json: { type: "boolean" },
    vertebrae: { type: "string" },
    device: { type: "string" },
  });
  if (positionals.length !== 1) throw new AppError("BAD_USAGE", { userMessage: "Give exactly one folder: discern analyze <dir> [--json] [--vertebrae <file>] [--device cpu|webgpu|cuda]." });
  const dir = positionals[0]!;
  const device = resolveDevice(values.device);
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new AppError("BAD_USAGE", { userMessage: `${dir} is not a folder.` });
  const vertebrae = values.vertebrae ? await readVertebrae(values.vertebrae) : undefined;

  // The models load (the pipeline's code, onnxruntime-node, the sessions) while the folder's headers
  // are scanned; without the disc models, given vertebrae still get their levels (levelsOnly).
  if (process.env.DISCERN_TRACE_STARTUP) io.stderr(`discern-trace: loading models at ${performance.now().toFixed(1)} ms\n`);
  const loading = pipeline().then(async (code) => {
    try {
      return { code, models: await code.loadPipelineModels({ device, withoutVertebrae: vertebrae !== undefined }) };
    } catch (error) {
      const e = toAppError(error);
      if (e.code !== "MODEL_MISSING" || !vertebrae) throw e;
      return { code, models: undefined };
    }
  });
  loading.catch(() => undefined); // awaited below; a usage error found by the scan must not leave it unhandled
  // A folder with several studies is analysed study by study (NDJSON with --json); one study as before.
  const found = await findStudies(dir);
  if (found.studies.length > 1 && vertebrae) {
    throw new AppError("BAD_USAGE", { userMessage: `--vertebrae names images of one study, but ${dir} holds ${found.studies.length} studies.` });
  }
  const { code, models } = await loading;
  const { analyzeStudy, formatAnalysis, analyzeBatch } = code;
  let analysis: TAnalysis;
  if (models && found.studies.length > 1) {
    if (found.skippedFiles.length > 0) io.stderr(`warning: ${found.skippedFiles.length} file(s) are not readable DICOM images and were skipped.\n`);
    return analyzeBatch({ dir, studies: found.studies, models, json: values.json === true, io });
  }
  if (models) {
    const result = await analyzeStudy({ input: dir, models, vertebrae });
    analysis = result.analysis;
    analysis.timingsMs = { modelLoad: Math.round(models.loadMs * 10) / 10, ...analysis.timingsMs };
    for (const w of result.warnings.filter((w) => !models.warnings.includes(w))) io.stderr(`warning: ${w}\n`);
  } else {
    analysis = await levelsOnly(dir, vertebrae!, io);
  }
  io.stdout(values.json ? `${JSON.stringify(analysis, null, 2)}\n` : formatAnalysis(analysis));
  return 0;
};
