import { existsSync } from "node:fs";
import path from "node:path";
import { Prisma } from "@prisma/client";
import { db } from "../db/client";
import { modelDir, type TModelRole } from "../inference/models";
import { promoteModel } from "./activate-model";
import { registerModel } from "./register-model";
import { TASK_OF_ROLE } from "./tasks";

/**
 * The fresh-database fallback: for every task without an active version, registers the model
 * folder under `modelsDir` (default models/: the committed demo models) and activates it
 * (activation kind BOOT, audited). Tasks that have an active version are left alone, so this is
 * safe at every worker start and from several workers at once (the per-task lock and the partial
 * unique index decide; a loser finds the task active). Returns the roles it activated.
 */
export async function ensureActiveModels(options: { modelsDir?: string; log?: (line: string) => void } = {}): Promise<TModelRole[]> {
  const activated: TModelRole[] = [];
  for (const [role, task] of Object.entries(TASK_OF_ROLE) as Array<[TModelRole, string]>) {
    if (await db().modelVersion.findFirst({ where: { task, active: true }, select: { id: true } })) continue;
    const dir = modelDir(role, options.modelsDir);
    if (!existsSync(path.join(dir, "manifest.json"))) {
      options.log?.(`No active ${task} model and none in ${dir}.`);
      continue;
    }
    const { modelVersion } = await registerModelRaced(dir);
    try {
      await promoteModel({ task, version: modelVersion.id, actorId: null, via: "boot", kind: "BOOT" });
      activated.push(role);
      options.log?.(`Activated ${modelVersion.modelId} ${modelVersion.version} for ${task} (from ${dir}).`);
    } catch (error) {
      // Another process activated one meanwhile (or this very version): nothing left to do.
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
