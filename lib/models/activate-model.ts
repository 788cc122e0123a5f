import type { ModelActivationKind, ModelVersion } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { db, type TTx } from "../db/client";
import { AppError } from "../errors/app-error";
import type { TRegistryVia } from "./register-model";
import { parseModelTask, type TModelTask } from "./tasks";

export interface PromoteModelOptions {
  /** Manifest task or role alias (parseModelTask). */
  task: string;
  /** The version: a ModelVersion id, "modelId@version", or the version alone when one model of the task has it. */
  version: string;
  actorId: string | null;
  via: TRegistryVia;
  /** BOOT: activation from models/ at start-up, refused (CONFLICT) once a person has chosen the task's version. */
  kind?: Extract<ModelActivationKind, "PROMOTE" | "BOOT">;
}

/**
 * Makes one registered version the active version of its task: the previous one is deactivated,
 * the change logged (ModelActivation) and audited (MODEL_PROMOTED) in one transaction under a
 * per-task advisory lock. The partial unique index keeps at most one active version per task even
 * against a writer that bypasses this function. CONFLICT when it is active already.
 */
export async function promoteModel(options: PromoteModelOptions): Promise<ModelVersion> {
  const task = parseModelTask(options.task);
  const target = await findVersion(task, options.version);
  return db().$transaction(async (tx) => {
    await lockTask(tx, task);
    const current = await tx.modelVersion.findFirst({ where: { task, active: true } });
    if (current?.id === target.id) throw new AppError("CONFLICT", { userMessage: `${target.modelId} ${target.version} is already the active ${task} model.` });
    if (options.kind === "BOOT" && current) {
      // Boot follows models/ only while no person has chosen: checked under the lock.
      const last = await tx.modelActivation.findFirst({ where: { task }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { kind: true } });
      if (last && last.kind !== "BOOT") throw new AppError("CONFLICT", { userMessage: `A person chose the active ${task} model; boot leaves it.` });
    }
    const active = await switchActive(tx, task, current, target, options.kind ?? "PROMOTE", options.actorId);
    await recordAudit(tx, { type: "MODEL_PROMOTED", actorId: options.actorId, payload: { task, modelVersionId: target.id, previousId: current?.id ?? null, via: options.via } });
    return active;
  });
}

/**
 * Restores the version that was active before the current one. The activation log is replayed
 * as a stack (a promotion pushes, a rollback pops), so repeated rollbacks walk back through the
 * promotions: A → B → C, rollback gives B, rollback again gives A. CONFLICT when there is
 * nothing earlier to restore. Audited as MODEL_ROLLED_BACK.
 */
export async function rollbackModel(options: { task: string; actorId: string | null; via: TRegistryVia }): Promise<ModelVersion> {
  const task = parseModelTask(options.task);
  return db().$transaction(async (tx) => {
    await lockTask(tx, task);
    const log = await tx.modelActivation.findMany({ where: { task }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { modelVersionId: true, kind: true } });
    const stack = activationStack(log);
    const current = await tx.modelVersion.findFirst({ where: { task, active: true } });
    const previousId = stack.length >= 2 && stack[stack.length - 1] === current?.id ? stack[stack.length - 2] : undefined;
    if (!current || !previousId) throw new AppError("CONFLICT", { userMessage: `There is no earlier ${task} version to roll back to.` });
    const target = await tx.modelVersion.findUniqueOrThrow({ where: { id: previousId } });
    const active = await switchActive(tx, task, current, target, "ROLLBACK", options.actorId);
    await recordAudit(tx, { type: "MODEL_ROLLED_BACK", actorId: options.actorId, payload: { task, modelVersionId: target.id, fromId: current.id, via: options.via } });
    return active;
  });
}

/**
 * The activation log as a stack of version ids, oldest first: PROMOTE and BOOT push their
 * version; ROLLBACK pops the version it replaced (its own version is then on top).
 */
export function activationStack(log: ReadonlyArray<{ modelVersionId: string; kind: ModelActivationKind }>): string[] {
  const stack: string[] = [];
  for (const entry of log) {
    if (entry.kind === "ROLLBACK") {
      stack.pop();
      if (stack[stack.length - 1] !== entry.modelVersionId) stack.push(entry.modelVersionId);
    } else stack.push(entry.modelVersionId);
  }
  return stack;
}

async function switchActive(tx: TTx, task: TModelTask, current: ModelVersion | null, target: ModelVersion, kind: ModelActivationKind, actorId: string | null) {
  if (current) await tx.modelVersion.update({ where: { id: current.id }, data: { active: false } });
  // A shadow version that is promoted stops being a shadow (the two never go together).
  const active = await tx.modelVersion.update({ where: { id: target.id }, data: { active: true, shadow: false } });
  await tx.modelActivation.create({ data: { task, modelVersionId: target.id, kind, actorId } });
  return active;
}

/** Serialises registry changes of one task (transaction-scoped advisory lock). */
export async function lockTask(tx: TTx, task: TModelTask): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`discern.model-registry:${task}`}))`;
}

/** A version of `task` by id, "modelId@version" or bare version (NOT_FOUND / CONFLICT when ambiguous). */
export async function findVersion(task: TModelTask, ref: string): Promise<ModelVersion> {
  const at = ref.lastIndexOf("@");
  const rows =
    at > 0
      ? await db().modelVersion.findMany({ where: { task, modelId: ref.slice(0, at), version: ref.slice(at + 1) } })
      : await db().modelVersion.findMany({ where: { task, OR: [{ id: ref }, { version: ref }] } });
  if (rows.length === 0) throw new AppError("NOT_FOUND", { userMessage: `No registered ${task} model version "${ref}".` });
  if (rows.length > 1) throw new AppError("CONFLICT", { userMessage: `Several ${task} models have version ${ref}; name it as modelId@version.` });
  return rows[0]!;
}
