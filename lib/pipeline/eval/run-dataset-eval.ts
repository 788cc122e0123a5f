import type { DatasetSplit } from "@prisma/client";
import { studyLabels } from "../../datasets/study-labels";
import { db } from "../../db/client";
import { AppError, toAppError } from "../../errors/app-error";
import { blobStore } from "../../storage";
import { analyzeStudy } from "../analyze-study";
import type { PipelineModels } from "../pipeline-models";
import type { TStudySource } from "../sources";
import { scoreStudy, type StudyScore } from "./score-study";
import { summarizeScores, type EvalSummary } from "./summarize-scores";
import { truthFromLabels } from "./truth-from-labels";

export type TDatasetSplitChoice = "train" | "val" | "test" | "all";
const SPLITS: Record<Exclude<TDatasetSplitChoice, "all">, DatasetSplit> = { train: "TRAIN", val: "VAL", test: "TEST" };

export interface DatasetEvalOptions {
  /** Dataset name; its newest frozen version unless `version` is given. */
  name: string;
  version?: number;
  split: TDatasetSplitChoice;
  models: PipelineModels;
  /** One line per study as it is scored (the CLI sends it to stderr; no identifiers, only positions). */
  onProgress?: (line: string) => void;
}

export interface DatasetEvalReport extends EvalSummary {
  source: { dataset: string; version: number; datasetVersionId: string; labelSource: string; split: TDatasetSplitChoice };
  models: { id: string; version: string }[];
  device: string;
  failedStudies: number;
}

/**
 * `discern eval --dataset <name>`: the paper's table for the AI against the human labels of a
 * frozen dataset version (label source FINAL — adjudication over primary — or READER; an AI-labelled
 * version is refused: the AI would be scored against itself). Each member study of the split is
 * read from the blob store like the worker does, analysed with the given models, and scored with
 * scoreStudy against truthFromLabels; members whose labels or analysis fail are counted and left out.
 *
 * @throws AppError NOT_FOUND (no such frozen version), INVALID_INPUT (AI labels, or no member in the split).
 */
export async function runDatasetEval(options: DatasetEvalOptions): Promise<DatasetEvalReport> {
  const version = await db().datasetVersion.findFirst({
    where: { name: options.name, frozenAt: { not: null }, ...(options.version === undefined ? {} : { version: options.version }) },
    orderBy: { version: "desc" },
  });
  if (!version) throw new AppError("NOT_FOUND", { userMessage: `No frozen version${options.version === undefined ? "" : ` ${options.version}`} of a dataset named "${options.name}".` });
  if (version.labelSource === "AI") throw new AppError("INVALID_INPUT", { userMessage: `Dataset "${options.name}" v${version.version} is labelled by the AI; evaluate against human (FINAL or READER) labels.` });
  const members = await db().datasetMember.findMany({
    where: { datasetVersionId: version.id, ...(options.split === "all" ? {} : { split: SPLITS[options.split] }) },
    orderBy: { studyId: "asc" },
  });
  if (members.length === 0) throw new AppError("INVALID_INPUT", { userMessage: `Dataset "${options.name}" v${version.version} has no study in split ${options.split}.` });
  const store = blobStore();
  const scores: StudyScore[] = [];
  let failed = 0;
  for (const [k, member] of members.entries()) {
    const prefix = `[${k + 1}/${members.length}] study ${k + 1} (${member.split.toLowerCase()})`;
    try {
      const labels = await studyLabels(version, member.studyId);
      const instances = await db().instance.findMany({ where: { series: { studyId: member.studyId } }, select: { id: true, sha256: true }, orderBy: { id: "asc" } });
      const sources: TStudySource[] = [];
      for (const i of instances) sources.push({ path: `${i.id}.dcm`, bytes: await store.get(i.sha256) });
      const { analysis } = await analyzeStudy({ input: sources, models: options.models });
      const score = scoreStudy(analysis, truthFromLabels(labels, k + 1));
      scores.push(score);
      options.onProgress?.(`${prefix}: vertebrae ${score.vertebrae.hits}/${score.vertebrae.n}, levels ${score.levels.hits}/${score.levels.n}, roi ${score.roi.hits}/${score.roi.n}, ${analysis.timingsMs.total} ms`);
    } catch (error) {
      failed++;
      options.onProgress?.(`${prefix}: failed: ${toAppError(error).userMessage}`);
    }
  }
  return {
    ...summarizeScores(scores),
    source: { dataset: version.name, version: version.version, datasetVersionId: version.id, labelSource: version.labelSource, split: options.split },
    models: options.models.manifests.map((m) => ({ id: m.id, version: m.version })),
    device: options.models.device,
    failedStudies: failed,
  };
}
