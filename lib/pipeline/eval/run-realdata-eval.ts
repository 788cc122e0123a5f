import { toAppError } from "../../errors/app-error";
import { buildRealStudy, type BuildRealStudyOptions } from "../../realdata/build-real-study";
import { examIdOf, loadRealExam, readRealdataIndex, REALDATA_SETS } from "../../realdata/exam";
import { readRealdataSplit, REALDATA_SPLIT_FILE, type TRealdataSplit } from "../../realdata/split";
import { analyzeStudy } from "../analyze-study";
import type { PipelineModels } from "../pipeline-models";
import { scoreRealStudy, VERTEBRA_HIT_RULE, type RealStudyScore } from "./score-real-study";
import { summarizeRealScores, type RealEvalTable } from "./summarize-real-scores";

export type TRealdataSplitChoice = TRealdataSplit | "all";

export interface RealdataEvalOptions {
  /** Folder holding index.json and the `<set>-<nn>.npz` exams. */
  dir: string;
  split: TRealdataSplitChoice;
  /** The by-exam split (default models/training/realdata_split.json); not read for "all". */
  splitFile?: string;
  models: PipelineModels;
  build?: BuildRealStudyOptions;
  /** One line per exam as it is scored (the CLI sends it to stderr). */
  onProgress?: (line: string) => void;
}

export interface RealdataEvalReport {
  schema: "discern.eval-realdata/v1";
  split: TRealdataSplitChoice;
  splitFile: string | null;
  vertebraRule: string;
  levelRule: string;
  models: { id: string; version: string }[];
  device: string;
  /** Exams that could not be read, built or analysed, with the one-sentence reason; left out of the tables. */
  failed: { exam: string; error: string }[];
  /** One table per set that has exams in the split, then "all". */
  tables: RealEvalTable[];
  exams: RealStudyScore[];
}

export const LEVEL_RULE = "the level the pipeline gives an axial image equals the disc it was reformatted through";

/**
 * `discern eval --realdata`: for every exam of the split (index order), reads it, builds its DICOM
 * study in memory (buildRealStudy), runs the same analyzeStudy as `discern analyze` with the given
 * models, and scores it (scoreRealStudy); then one table per set and one over all exams
 * (summarizeRealScores). An exam that fails is reported and left out, never silently dropped.
 *
 * @throws AppError INVALID_INPUT when index.json or the split file is unreadable.
 */
export async function runRealdataEval(options: RealdataEvalOptions): Promise<RealdataEvalReport> {
  const index = await readRealdataIndex(options.dir);
  const splitFile = options.split === "all" ? null : (options.splitFile ?? REALDATA_SPLIT_FILE);
  const split = splitFile ? await readRealdataSplit(splitFile) : null;
  const entries = index.filter((e) => !split || split.get(examIdOf(e)) === options.split);
  const scores: RealStudyScore[] = [];
  const failed: RealdataEvalReport["failed"] = [];
  for (const [k, entry] of entries.entries()) {
    const id = examIdOf(entry);
    const prefix = `[${k + 1}/${entries.length}] ${id}`;
    try {
      const t0 = performance.now();
      const exam = await loadRealExam(options.dir, entry);
      const study = buildRealStudy(exam, options.build);
      const buildMs = Math.round(performance.now() - t0);
      const { analysis } = await analyzeStudy({ input: study.sources, models: options.models });
      const score = scoreRealStudy(analysis, study.truth, exam.labels, buildMs);
      scores.push(score);
      const hits = (xs: { hit: boolean }[]) => `${xs.filter((x) => x.hit).length}/${xs.length}`;
      options.onProgress?.(`${prefix}: vertebrae ${hits(score.vertebrae)} (${score.vertebrae.map((v) => `${v.label}${v.hit ? "+" : "-"}`).join(" ")}), levels ${hits(score.levels)}, named by ${score.countingBasis ?? "unstated"}${score.countingFlags.length > 0 ? ` (${score.countingFlags.join(", ")})` : ""}, build ${buildMs} ms, analysis ${Math.round(score.analysisMs)} ms`);
    } catch (error) {
      const message = toAppError(error).userMessage;
      failed.push({ exam: id, error: message });
      options.onProgress?.(`${prefix}: failed: ${message}`);
    }
  }
  const sets = REALDATA_SETS.filter((set) => scores.some((s) => s.set === set));
  return {
    schema: "discern.eval-realdata/v1",
    split: options.split,
    splitFile,
    vertebraRule: VERTEBRA_HIT_RULE,
    levelRule: LEVEL_RULE,
    models: options.models.manifests.map((m) => ({ id: m.id, version: m.version })),
    device: options.models.device,
    failed,
    tables: [...sets.map((set) => summarizeRealScores(set, scores.filter((s) => s.set === set))), summarizeRealScores("all", scores)],
    exams: scores,
  };
}
