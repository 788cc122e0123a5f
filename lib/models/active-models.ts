import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ModelVersion } from "@prisma/client";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { ZModelManifest } from "../inference/manifest";
import type { TModelRole } from "../inference/models";
import { blobStore } from "../storage";
import { TASK_OF_ROLE } from "./tasks";

/** The active version of each pipeline role, with the folder its files were written to. */
export interface TActiveModels {
  /** Changes whenever any task's active version changes (registryStamp). */
  stamp: string;
  dirs: Record<TModelRole, string>;
  versions: Record<TModelRole, ModelVersion>;
}

/**
 * The registry's "version": the ids of the active versions ("task=id") and of the shadow ones
 * ("task~id"), task by task. One indexed query of at most six rows, cheap enough to ask before
 * every job; the worker reloads when it changes.
 */
export async function registryStamp(): Promise<string> {
  const rows = await db().modelVersion.findMany({ where: { OR: [{ active: true }, { shadow: true }] }, select: { id: true, task: true, active: true }, orderBy: [{ task: "asc" }, { active: "desc" }] });
  return rows.map((r) => `${r.task}${r.active ? "=" : "~"}${r.id}`).join(";");
}

/**
 * The active versions of the three roles, each written out (manifest.json + model.onnx from the
 * blob store) to `<cache>/<sha256>/`, a folder lib/inference loads like models/<id>/ and checks
 * against the manifest's sha256 again. MODEL_MISSING when a task has no active version (a fresh
 * database: ensureActiveModels registers the committed models first).
 */
export async function activeModels(): Promise<TActiveModels> {
  const rows = await db().modelVersion.findMany({ where: { active: true } });
  const stamp = await registryStamp();
  const dirs = {} as Record<TModelRole, string>;
  const versions = {} as Record<TModelRole, ModelVersion>;
  for (const [role, task] of Object.entries(TASK_OF_ROLE) as Array<[TModelRole, string]>) {
    const row = rows.find((r) => r.task === task);
    if (!row) throw new AppError("MODEL_MISSING", { userMessage: `No active ${task} model in the registry; register and promote one (discern models).` });
    dirs[role] = await materializeModel(row);
    versions[role] = row;
  }
  return { stamp, dirs, versions };
}

/** Where registered models are written out for onnxruntime: DISCERN_MODEL_CACHE or <storage>/../model-cache. */
export function modelCacheRoot(): string {
  const storage = path.resolve(process.env.DISCERN_STORAGE_ROOT ?? ".data/storage");
  return path.resolve(process.env.DISCERN_MODEL_CACHE ?? path.join(storage, "..", "model-cache"));
}

/**
 * Writes one registered version to `<cache>/<sha256>/` (once: content-addressed, so an existing
 * folder is already right) and returns the folder. Files are written under a temporary name and
 * renamed, so a concurrent reader never sees half a model.
 */
export async function materializeModel(row: Pick<ModelVersion, "sha256" | "manifest">): Promise<string> {
  const manifest = ZModelManifest.parse(row.manifest);
  const dir = path.join(modelCacheRoot(), row.sha256);
  const onnxPath = path.join(dir, manifest.file);
  const manifestPath = path.join(dir, "manifest.json");
  if ((await exists(onnxPath)) && (await exists(manifestPath))) return dir;
  await mkdir(dir, { recursive: true });
  const suffix = `.tmp-${process.pid}-${Date.now()}`;
  await writeFile(onnxPath + suffix, await blobStore().get(row.sha256));
  await rename(onnxPath + suffix, onnxPath);
  await writeFile(manifestPath + suffix, `${JSON.stringify(row.manifest, null, 2)}\n`);
  await rename(manifestPath + suffix, manifestPath);
  return dir;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
