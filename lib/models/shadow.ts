import type { ModelVersion, Prisma } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { TInferenceDevice } from "../inference/device";
import type { TModelRole } from "../inference/models";
import { analyzeStudy } from "../pipeline/analyze-study";
import { loadPipelineModels, type PipelineModels } from "../pipeline/pipeline-models";
import type { TStudySource } from "../pipeline/sources";
import { findVersion, lockTask } from "./activate-model";
import { activeModels, materializeModel } from "./active-models";
import type { TRegistryVia } from "./register-model";
import { parseModelTask, TASK_OF_ROLE } from "./tasks";

/**
 * Puts a registered version in shadow for its task (`version`), replacing the task's current
 * shadow, or ends shadow mode (`version: null`). A shadow version runs on every new study beside
 * the live one (the worker's afterRun) and its results never reach a reading; agreement with the
 * signed readings is tracked (shadowAgreement). CONFLICT for the active version, or when there is
 * no shadow to end. Audited as MODEL_SHADOW_SET under the task's lock.
 */
export async function setShadow(options: { task: string; version: string | null; actorId: string | null; via: TRegistryVia }): Promise<ModelVersion | null> {
  const task = parseModelTask(options.task);
  const target = options.version === null ? null : await findVersion(task, options.version);
  if (target?.active) throw new AppError("CONFLICT", { userMessage: `${target.modelId} ${target.version} is the active ${task} model; only another version can run in shadow.` });
  return db().$transaction(async (tx) => {
    await lockTask(tx, task);
    const current = await tx.modelVersion.findFirst({ where: { task, shadow: true } });
    if (!target && !current) throw new AppError("CONFLICT", { userMessage: `No ${task} version is running in shadow.` });
    if (target && current?.id === target.id) throw new AppError("CONFLICT", { userMessage: `${target.modelId} ${target.version} is already in shadow.` });
    if (current) await tx.modelVersion.update({ where: { id: current.id }, data: { shadow: false } });
    const updated = target ? await tx.modelVersion.update({ where: { id: target.id }, data: { shadow: true } }) : null;
    await recordAudit(tx, { type: "MODEL_SHADOW_SET", actorId: options.actorId, payload: { task, modelVersionId: target?.id ?? null, previousId: current?.id ?? null, via: options.via } });
    return updated;
  });
}

/**
 * Shadow runner for one worker: for every shadow version, the active set with that version in
 * its task's place (loaded once per registry stamp), run on a study's files and kept as a
 * ShadowRun (one per version and study; a re-run replaces it).
 */
export function shadowRunner(device: TInferenceDevice) {
  const sets = new Map<string, Promise<PipelineModels>>();
  return async (context: { studyId: string; pipelineRunId: string; sources: TStudySource[] }, stamp: string): Promise<number> => {
    const shadows = await db().modelVersion.findMany({ where: { shadow: true } });
    for (const version of shadows) {
      const key = `${stamp}|${version.id}`;
      if (!sets.has(key)) sets.set(key, shadowSet(version, device));
      const { analysis } = await analyzeStudy({ input: context.sources, models: await sets.get(key)! });
      const data = { pipelineRunId: context.pipelineRunId, analysis: analysis as unknown as Prisma.InputJsonValue, createdAt: new Date() };
      await db().shadowRun.upsert({ where: { modelVersionId_studyId: { modelVersionId: version.id, studyId: context.studyId } }, create: { studyId: context.studyId, modelVersionId: version.id, ...data }, update: data });
    }
    return shadows.length;
  };
}

async function shadowSet(version: ModelVersion, device: TInferenceDevice): Promise<PipelineModels> {
  const active = await activeModels();
  const role = (Object.keys(TASK_OF_ROLE) as TModelRole[]).find((r) => TASK_OF_ROLE[r] === version.task);
  if (!role) throw new AppError("INVALID_INPUT", { userMessage: `${version.modelId} ${version.version} is not a pipeline task's model.` });
  return loadPipelineModels({ device, dirs: { ...active.dirs, [role]: await materializeModel(version) } });
}
