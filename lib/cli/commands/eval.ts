import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { AppError, toAppError } from "../../errors/app-error";
import { resolveDevice } from "../../inference/device";
import { analyzeStudy } from "../../pipeline/analyze-study";
import { formatEval, scoreStudy, summarizeScores, type StudyScore } from "../../pipeline/eval";
import { loadPipelineModels } from "../../pipeline/pipeline-models";
import { runRealdataEval, type TRealdataSplitChoice } from "../../pipeline/eval/run-realdata-eval";
import { formatRealEval } from "../../pipeline/eval/format-real-eval";
import { REALDATA_SPLITS } from "../../realdata/split";
import { MODEL_IDS, type TModelRole } from "../../inference/models";
import { runDatasetEval, type TDatasetSplitChoice } from "../../pipeline/eval/run-dataset-eval";
import { listFiles } from "../../analysis/read-dicom-folder";
import { ZPhantomTruth, type TPhantomTruth } from "../../phantom/truth";
import { parseCliArgs } from "../args";
import { runModelComparison } from "./eval-compare";
import type { CliRun } from "../types";

/** Every study folder (one holding truth.json) under the given folders, by seed. */
async function findStudies(dirs: string[]): Promise<{ dir: string; truth: TPhantomTruth }[]> {
  const studies: { dir: string; truth: TPhantomTruth }[] = [];
  for (const dir of dirs) {
    const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new AppError("BAD_USAGE", { userMessage: `${dir} is not a folder.` });
    for (const file of await listFiles(dir)) {
      if (path.basename(file) !== "truth.json") continue;
      const parsed = ZPhantomTruth.safeParse(JSON.parse(await readFile(file, "utf8").catch(() => "null")));
      if (!parsed.success) throw new AppError("INVALID_INPUT", { userMessage: `${file} is not a discern.phantom-truth/v1 document.` });
      studies.push({ dir: path.dirname(file), truth: parsed.data });
    }
  }
  return studies.sort((a, b) => a.truth.seed - b.truth.seed || a.dir.localeCompare(b.dir));
}

const SPLIT_CHOICES: readonly TRealdataSplitChoice[] = [...REALDATA_SPLITS, "all"];

/** `--model <role>=<dir>` (repeatable): evaluate a candidate model folder in place of the committed one for that role. */
function modelDirs(specs: readonly string[]): Partial<Record<TModelRole, string>> {
  const dirs: Partial<Record<TModelRole, string>> = {};
  for (const spec of specs) {
    const [role, dir] = [spec.slice(0, spec.indexOf("=")), spec.slice(spec.indexOf("=") + 1)];
    if (spec.indexOf("=") < 1 || !dir || !(role in MODEL_IDS)) throw new AppError("BAD_USAGE", { userMessage: `--model takes <role>=<folder> with role ${Object.keys(MODEL_IDS).join(", ")}.` });
    dirs[role as TModelRole] = dir;
  }
  return dirs;
}

/**
 * `discern eval <dir...>`: runs the pipeline on every phantom study (a folder with truth.json)
 * under the given folders, with the models loaded once, and prints the paper's table.
 * `discern eval --realdata <dir> [--split train|validation|test|all]`: the same pipeline on DICOM
 * built from the real exams of the split (lib/realdata), one table per set (runRealdataEval).
 * `discern eval --dataset <name>[@<version>] [--split train|val|test|all]`: against the human labels
 * of a frozen dataset version from the database (runDatasetEval); with `--models <a>,<b>` two
 * registered versions side by side on its test split (runModelComparison, lib/models-compare).
 * `--model <role>=<folder>` runs a candidate model (a folder with manifest.json and model.onnx).
 */
export const run: CliRun = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, {
    json: { type: "boolean" },
    device: { type: "string" },
    realdata: { type: "string" },
    split: { type: "string" },
    "split-file": { type: "string" },
    dataset: { type: "string" },
    model: { type: "string", multiple: true },
    models: { type: "string" },
  });
  const device = resolveDevice(values.device);
  const dirs = modelDirs(values.model ?? []);
  if (values.dataset !== undefined) {
    if (positionals.length > 0 || values.realdata !== undefined) throw new AppError("BAD_USAGE", { userMessage: "Give one source: --dataset <name>, --realdata <dir> or phantom study folders." });
    // Two registered versions side by side on the test split (lib/models-compare), kept for the Models page.
    if (values.models !== undefined) return runModelComparison({ dataset: values.dataset, models: values.models, json: values.json ?? false, device }, io);
    const match = /^([A-Za-z0-9._-]+?)(?:@(\d+))?$/.exec(values.dataset);
    if (!match) throw new AppError("BAD_USAGE", { userMessage: "--dataset takes a dataset name, optionally with @<version> (lumbar@2)." });
    const split = (values.split === "validation" ? "val" : (values.split ?? "all")) as TDatasetSplitChoice;
    if (!["train", "val", "test", "all"].includes(split)) throw new AppError("BAD_USAGE", { userMessage: "--split must be one of train, val, test, all." });
    const models = await loadPipelineModels({ device, dirs });
    const report = await runDatasetEval({ name: match[1]!, version: match[2] === undefined ? undefined : Number(match[2]), split, models, onProgress: (line) => io.progress(`${line}\n`) });
    const title = `discern eval --dataset: ${report.studies} studies of "${report.source.dataset}" v${report.source.version} (${report.source.labelSource} labels, split ${split})`;
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatEval(report, title));
    return report.failedStudies > 0 ? 1 : 0;
  }
  if (values.realdata !== undefined) {
    if (positionals.length > 0) throw new AppError("BAD_USAGE", { userMessage: "Give either --realdata <dir> or phantom study folders, not both." });
    const split = (values.split ?? "all") as TRealdataSplitChoice;
    if (!SPLIT_CHOICES.includes(split)) throw new AppError("BAD_USAGE", { userMessage: `--split must be one of ${SPLIT_CHOICES.join(", ")}.` });
    const models = await loadPipelineModels({ device, dirs });
    const report = await runRealdataEval({ dir: values.realdata, split, splitFile: values["split-file"], models, onProgress: (line) => io.progress(`${line}\n`) });
    if (report.exams.length === 0 && report.failed.length === 0) throw new AppError("BAD_USAGE", { userMessage: `No exam of split "${split}" was found in ${values.realdata}.` });
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatRealEval(report));
    return report.failed.length > 0 ? 1 : 0;
  }
  if (values.split !== undefined || values["split-file"] !== undefined) throw new AppError("BAD_USAGE", { userMessage: "--split and --split-file go with --realdata <dir> or --dataset <name>." });
  if (positionals.length === 0) throw new AppError("BAD_USAGE", { userMessage: "Give one or more folders of phantom studies (discern eval <dir...>), --realdata <dir> or --dataset <name>." });
  const studies = await findStudies(positionals);
  if (studies.length === 0) throw new AppError("BAD_USAGE", { userMessage: "No phantom study (a folder with truth.json) was found." });
  const models = await loadPipelineModels({ device, dirs });
  const scores: StudyScore[] = [];
  let failed = 0;
  for (const [k, study] of studies.entries()) {
    try {
      const { analysis } = await analyzeStudy({ input: study.dir, models });
      const score = scoreStudy(analysis, study.truth);
      scores.push(score);
      const v = `${score.vertebrae.hits}/${score.vertebrae.n}`;
      io.progress(`[${k + 1}/${studies.length}] seed ${study.truth.seed}: vertebrae ${v}, levels ${score.levels.hits}/${score.levels.n}, roi ${score.roi.hits}/${score.roi.n}, ${analysis.timingsMs.total} ms\n`);
    } catch (error) {
      failed++;
      io.progress(`[${k + 1}/${studies.length}] seed ${study.truth.seed}: failed: ${toAppError(error).userMessage}\n`);
    }
  }
  const summary = { ...summarizeScores(scores), device: models.device, failedStudies: failed };
  io.stdout(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatEval(summary));
  return failed > 0 ? 1 : 0;
};
