import { existsSync } from "node:fs";
import path from "node:path";
import { Prisma } from "@prisma/client";
import { db } from "../db/client";
import { toAppError } from "../errors/app-error";
import { modelDir, type TModelRole } from "../inference/models";
import { promoteModel } from "./activate-model";
import { registerModel } from "./register-model";
import { TASK_OF_ROLE } from "./tasks";

/**
 * Boot: the committed models/ folders (or `modelsDir`) in the registry. Each folder's version is
 * registered (visible on the Models page, ready to promote) and activated (kind BOOT, audited)
 * when its task has no active version — a fresh database — or when the task's active version was
 * itself a boot choice: the registry follows models/ until a person promotes or rolls back, after
 * which boot never overrides them. Safe at every worker start and from several workers at once
 * (per-task lock and partial unique index; a loser finds the task decided). A folder that cannot
 * be registered (e.g. a changed file under an old version) is logged and skipped. Returns the
 * roles it activated.
 */
export async function ensureActiveModels(options: { modelsDir?: string; log?: (line: string) => void } = {}): Promise<TModelRole[]> {
  const activated: TModelRole[] = [];
  for (const [role, task] of Object.entries(TASK_OF_ROLE) as Array<[TModelRole, string]>) {
    const dir = modelDir(role, options.modelsDir);
    const active = await db().modelVersion.findFirst({ where: { task, active: true }, select: { id: true } });
    if (!existsSync(path.join(dir, "manifest.json"))) {
      if (!active) options.log?.(`No active ${task} model and none in ${dir}.`);
      continue;
    }
    let registered;
    try {
      registered = (await registerModelRaced(dir)).modelVersion;
    } catch (error) {
      options.log?.(`${dir} was not registered: ${toAppError(error).userMessage}`);
      continue;
    }
    if (active?.id === registered.id) continue;
    try {
      await promoteModel({ task, version: registered.id, actorId: null, via: "boot", kind: "BOOT" });
      activated.push(role);
      options.log?.(`Activated ${registered.modelId} ${registered.version} for ${task} (from ${dir}).`);
    } catch (error) {
      // A person chose the active version (boot leaves it), or another process decided meanwhile.
      if (!(await db().modelVersion.findFirst({ where: { task, active: true }, select: { id: true } }))) throw error;
    }
  }
  return activated;
}

async function registerModelRaced(dir: string) {
  try {
    return await registerModel({ dir, actorId: null, via: "boot" });
  } catch (error) {
    // Two workers registering the same new version: the loser registers again and finds the row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return registerModel({ dir, actorId: null, via: "boot" });
    throw error;
  }
}
