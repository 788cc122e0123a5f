import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Prisma } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { loadModel } from "../inference/manifest";
import { blobStore } from "../storage";

export type TRegistryVia = "cli" | "web" | "boot";

export interface RegisterModelOptions {
  /** A model folder: manifest.json, the ONNX file it names, optionally MODEL_CARD.md. */
  dir: string;
  actorId: string | null;
  via: TRegistryVia;
  /**
   * The frozen dataset version it was trained on, as "name@version" or a DatasetVersion id.
   * Default: the manifest's `training.dataset` ({ name, version }) when such a version exists.
   */
  dataset?: string;
}

/**
 * Registers a model folder as a ModelVersion row: the manifest (zod-checked, its sha256 checked
 * against the file by loadModel), MODEL_CARD.md, the dataset version and the manifest's metrics;
 * the ONNX bytes go into the content-addressed blob store under their sha256, so the version
 * runs later whatever happens to the folder. Registering the same file again returns the row
 * (`created: false`); the same modelId + version with another file is a CONFLICT: a retrained
 * model needs a new version, or the database would credit its readings to the old one.
 * Audited as MODEL_REGISTERED in the row's transaction. Does not activate (see promoteModel).
 */
export async function registerModel(options: RegisterModelOptions) {
  const model = await loadModel(options.dir);
  const m = model.manifest;
  const card = await readFile(path.join(model.dir, "MODEL_CARD.md"), "utf8").catch(() => null);
  const existing = await db().modelVersion.findUnique({ where: { modelId_version: { modelId: m.id, version: m.version } } });
  if (existing) {
    if (existing.sha256 !== m.sha256) {
      throw new AppError("CONFLICT", { userMessage: `${m.id} ${m.version} is already registered with a different ONNX file; give the retrained model a new version.` });
    }
    await storeOnnx(model.onnx, m.sha256);
    return { modelVersion: existing, created: false };
  }
  const datasetVersionId = await resolveDataset(options.dataset, m.training);
  await storeOnnx(model.onnx, m.sha256);
  const modelVersion = await db().$transaction(async (tx) => {
    const row = await tx.modelVersion.create({
      data: {
        modelId: m.id,
        version: m.version,
        task: m.task,
        sha256: m.sha256,
        manifest: m as unknown as Prisma.InputJsonValue,
        card,
        datasetVersionId,
        metrics: (m.metrics ?? {}) as Prisma.InputJsonValue,
        registeredById: options.actorId,
        active: false,
      },
    });
    await recordAudit(tx, {
      type: "MODEL_REGISTERED",
      actorId: options.actorId,
      payload: { modelVersionId: row.id, modelId: m.id, version: m.version, task: m.task, sha256: m.sha256, datasetVersionId, via: options.via },
    });
    return row;
  });
  return { modelVersion, created: true };
}

async function storeOnnx(onnx: Uint8Array, sha256: string): Promise<void> {
  const stored = await blobStore().put(Buffer.from(onnx.buffer, onnx.byteOffset, onnx.byteLength), { sha256 });
  if (stored.sha256 !== sha256) throw new AppError("INTERNAL", { message: "stored model hash differs from the manifest" });
}

/** "name@version" or an id → the DatasetVersion id; the manifest's training.dataset as fallback. */
async function resolveDataset(given: string | undefined, training: Record<string, unknown> | undefined): Promise<string | null> {
  if (given) {
    const at = given.lastIndexOf("@");
    const row =
      at > 0
        ? await db().datasetVersion.findUnique({ where: { name_version: { name: given.slice(0, at), version: Number(given.slice(at + 1)) || -1 } } })
        : await db().datasetVersion.findUnique({ where: { id: given } });
    if (!row) throw new AppError("NOT_FOUND", { userMessage: `No dataset version "${given}" (use name@version).` });
    return row.id;
  }
  const named = training?.dataset as { name?: unknown; version?: unknown } | undefined;
  if (!named || typeof named.name !== "string") return null;
  const row = await db().datasetVersion.findUnique({ where: { name_version: { name: named.name, version: Number(named.version) || -1 } } });
  return row?.id ?? null;
}
