import type { Prisma } from "@prisma/client";
import type { TDb } from "../db/client";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { ZModelManifest, type TModelManifest } from "../inference/manifest";
import type { TAnnotationKind } from "../annotations/schemas";

/** Which annotation kinds each model task produces (slice levels derive from the vertebra boxes). */
const KINDS_OF_TASK: Record<TModelManifest["task"], TAnnotationKind[]> = {
  "vertebra-detection": ["VERTEBRA_BOX", "SLICE_LEVEL"],
  "disc-roi-detection": ["DISC_ROI"],
  "disc-classification": ["LEVEL_DIAGNOSIS"],
};

/**
 * Upserts one ModelVersion row per manifest (unique by modelId + version; the manifest is stored
 * zod-checked) and returns the ModelVersion id for each annotation kind, as saveAiPredictions
 * wants them. Safe from several workers at once: the upsert's unique key decides. CONFLICT when
 * the registered row of that modelId + version has another sha256 (lib/models registers files).
 */
export async function registerModelVersions(manifests: readonly TModelManifest[], client: TDb = db()): Promise<Partial<Record<TAnnotationKind, string>>> {
  const ids: Partial<Record<TAnnotationKind, string>> = {};
  for (const raw of manifests) {
    const manifest = ZModelManifest.parse(raw);
    const data = { task: manifest.task, sha256: manifest.sha256, manifest: manifest as unknown as Prisma.InputJsonValue };
    let row;
    try {
      row = await client.modelVersion.upsert({
        where: { modelId_version: { modelId: manifest.id, version: manifest.version } },
        create: { modelId: manifest.id, version: manifest.version, ...data },
        update: {},
      });
    } catch {
      // Two workers inserting the same new version: the loser reads the winner's row.
      row = await client.modelVersion.findUniqueOrThrow({ where: { modelId_version: { modelId: manifest.id, version: manifest.version } } });
    }
    // A retrained file under an old version would credit its readings to the old model.
    if (row.sha256 !== manifest.sha256) {
      throw new AppError("CONFLICT", { userMessage: `${manifest.id} ${manifest.version} is registered with a different ONNX file; the retrained model needs a new version.` });
    }
    for (const kind of KINDS_OF_TASK[manifest.task]) ids[kind] = row.id;
  }
  return ids;
}
