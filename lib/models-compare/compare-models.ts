import type { DatasetVersion, ModelVersion } from "@prisma/client";
import { studyLabels } from "../datasets/study-labels";
import { db } from "../db/client";
import { AppError, toAppError } from "../errors/app-error";
import type { TInferenceDevice } from "../inference/device";
import type { TModelRole } from "../inference/models";
import { activeModels, materializeModel } from "../models/active-models";
import { TASK_OF_ROLE } from "../models/tasks";
import { analyzeStudy } from "../pipeline/analyze-study";
import { scoreStudy, type StudyScore } from "../pipeline/eval/score-study";
import { truthFromLabels } from "../pipeline/eval/truth-from-labels";
import { loadPipelineModels, type PipelineModels } from "../pipeline/pipeline-models";
import type { TStudySource } from "../pipeline/sources";
import { blobStore } from "../storage";
import { studyChange, type TStudyChange } from "./changed-studies";
import { sideFigures, type TSideFigures } from "./side-figures";

export interface CompareModelsOptions {
  /** A frozen dataset version: "name@version", "name" (its newest frozen version) or an id. */
  dataset: string;
  /** Two registered versions ("modelId@version" or ids); every other task runs its active version. */
  models: [string, string];
  device?: TInferenceDevice;
  /** One line per study (positions only, no identifiers). */
  onProgress?: (line: string) => void;
}

export interface TComparisonSide {
  modelVersionId: string;
  name: string;
  task: string;
  /** Every model of the set that ran ("modelId@version"). */
  set: string[];
  figures: TSideFigures;
}

export interface TModelComparison {
  schema: "discern.model-comparison/v1";
  dataset: { id: string; name: string; version: number; labelSource: string; split: "test" };
  studies: number;
  failedStudies: number;
  a: TComparisonSide;
  b: TComparisonSide;
  /** Studies where the two sets' results differ (levels, vertebrae, ROIs). */
  changed: TStudyChange[];
  createdAt: string;
}

/**
 * `discern eval --dataset <frozen version> --models <a>,<b>`: runs the pipeline twice over the
 * TEST split of a frozen, human-labelled dataset version — once with version a, once with b, the
 * other tasks on their active versions — and scores both against the signed labels the same way
 * (scoreStudy + truthFromLabels, as `discern eval --dataset`): per-level accuracy, κ, sensitivity
 * and specificity per class with 95% intervals, vertebra and ROI IoU, and the studies whose
 * result changed. Studies are read from the blob store once and analysed by both sets.
 *
 * @throws AppError NOT_FOUND (dataset or model version), INVALID_INPUT (AI labels, same version
 *   twice, empty test split).
 */
export async function compareModels(options: CompareModelsOptions): Promise<TModelComparison> {
  const dataset = await resolveDataset(options.dataset);
  if (dataset.labelSource === "AI") throw new AppError("INVALID_INPUT", { userMessage: "This dataset version is labelled by the AI; compare against human (final or reader) labels." });
  const [a, b] = await Promise.all(options.models.map(resolveVersion));
  if (a!.id === b!.id) throw new AppError("INVALID_INPUT", { userMessage: "Name two different model versions to compare." });
  const members = await db().datasetMember.findMany({ where: { datasetVersionId: dataset.id, split: "TEST" }, orderBy: { studyId: "asc" } });
  if (members.length === 0) throw new AppError("INVALID_INPUT", { userMessage: `${dataset.name} v${dataset.version} has no study in its test split.` });
  const sets = await Promise.all([a!, b!].map((v) => modelSet(v, options.device ?? "cpu")));
  const scores: [StudyScore[], StudyScore[]] = [[], []];
  const changed: TStudyChange[] = [];
  let failed = 0;
  for (const [k, member] of members.entries()) {
    try {
      const labels = await studyLabels(dataset, member.studyId);
      const sources = await studySources(member.studyId);
      const truth = truthFromLabels(labels, k + 1);
      const [ra, rb] = [await analyzeStudy({ input: sources, models: sets[0]!.models }), await analyzeStudy({ input: sources, models: sets[1]!.models })];
      scores[0].push(scoreStudy(ra.analysis, truth));
      scores[1].push(scoreStudy(rb.analysis, truth));
      const change = studyChange(k + 1, member.studyId, ra.analysis, rb.analysis, new Map([...labels.diagnoses].map(([level, d]) => [level, d.diagnosis])));
      if (change) changed.push(change);
      options.onProgress?.(`[${k + 1}/${members.length}] study ${k + 1}: ${change ? `changed (${change.levels.length} levels)` : "same result"}`);
    } catch (error) {
      failed += 1;
      options.onProgress?.(`[${k + 1}/${members.length}] study ${k + 1}: failed: ${toAppError(error).userMessage}`);
    }
  }
  const side = (v: ModelVersion, i: 0 | 1): TComparisonSide => ({ modelVersionId: v.id, name: `${v.modelId}@${v.version}`, task: v.task, set: sets[i]!.names, figures: sideFigures(scores[i]) });
  return {
    schema: "discern.model-comparison/v1",
    dataset: { id: dataset.id, name: dataset.name, version: dataset.version, labelSource: dataset.labelSource, split: "test" },
    studies: members.length - failed,
    failedStudies: failed,
    a: side(a!, 0),
    b: side(b!, 1),
    changed,
    createdAt: new Date().toISOString(),
  };
}

/** The active set with `version` in place of its task's active version, loaded for analyzeStudy. */
async function modelSet(version: ModelVersion, device: TInferenceDevice): Promise<{ models: PipelineModels; names: string[] }> {
  const active = await activeModels();
  const role = (Object.keys(TASK_OF_ROLE) as TModelRole[]).find((r) => TASK_OF_ROLE[r] === version.task);
  if (!role) throw new AppError("INVALID_INPUT", { userMessage: `${version.modelId} ${version.version} is not a pipeline task's model.` });
  const dirs = { ...active.dirs, [role]: await materializeModel(version) };
  const versions = { ...active.versions, [role]: version };
  return { models: await loadPipelineModels({ device, dirs }), names: Object.values(versions).map((v) => `${v.modelId}@${v.version}`) };
}

async function studySources(studyId: string): Promise<TStudySource[]> {
  const instances = await db().instance.findMany({ where: { series: { studyId } }, select: { id: true, sha256: true }, orderBy: { id: "asc" } });
  const sources: TStudySource[] = [];
  for (const i of instances) sources.push({ path: `${i.id}.dcm`, bytes: await blobStore().get(i.sha256) });
  return sources;
}

async function resolveDataset(ref: string): Promise<DatasetVersion> {
  const at = ref.lastIndexOf("@");
  const name = at > 0 ? ref.slice(0, at) : ref;
  const version = at > 0 ? Number(ref.slice(at + 1).replace(/^v/, "")) : undefined;
  const row =
    (await db().datasetVersion.findFirst({ where: { name, frozenAt: { not: null }, ...(version === undefined ? {} : { version }) }, orderBy: { version: "desc" } })) ??
    (at > 0 ? null : await db().datasetVersion.findFirst({ where: { id: ref, frozenAt: { not: null } } }));
  if (!row) throw new AppError("NOT_FOUND", { userMessage: `No frozen dataset version "${ref}" (use name@version).` });
  return row;
}

async function resolveVersion(ref: string): Promise<ModelVersion> {
  const at = ref.lastIndexOf("@");
  const row = at > 0 ? await db().modelVersion.findUnique({ where: { modelId_version: { modelId: ref.slice(0, at), version: ref.slice(at + 1) } } }) : await db().modelVersion.findUnique({ where: { id: ref } });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: `No registered model version "${ref}" (use modelId@version; see discern models list).` });
  return row;
}
