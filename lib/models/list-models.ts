import { db } from "../db/client";
import type { TModelComparison } from "../models-compare/compare-models";
import { ZModelManifest } from "../inference/manifest";
import { activationStack } from "./activate-model";
import { MODEL_TASKS, type TModelTask } from "./tasks";

/** One registered version as the Models page and `discern models list` show it. */
export interface TModelVersionRow {
  id: string;
  modelId: string;
  version: string;
  task: string;
  sha256: string;
  active: boolean;
  /** Runs in shadow on new studies (never shown to readers). */
  shadow: boolean;
  registeredAt: Date;
  registeredBy: string | null;
  /** "name vN" of the frozen dataset it was trained on, or null. */
  dataset: string | null;
  /** The manifest's training data summary (sources, samples, epochs). */
  training: Record<string, unknown> | null;
  metrics: Record<string, unknown> | null;
  card: string | null;
  demo: boolean;
}

export interface TTaskRegistry {
  task: TModelTask;
  versions: TModelVersionRow[];
  /** The version a rollback would restore, or null when there is none. */
  rollbackTo: string | null;
  /** Comparisons kept with this task's versions (discern eval --models), newest first, at most 3. */
  comparisons: TModelComparison[];
}

/** Every registered version of the pipeline's tasks, grouped by task (newest first), with each task's rollback target. */
export async function listModelVersions(): Promise<TTaskRegistry[]> {
  const rows = await db().modelVersion.findMany({
    orderBy: [{ task: "asc" }, { registeredAt: "desc" }],
    include: { datasetVersion: { select: { name: true, version: true } }, registeredBy: { select: { name: true } } },
  });
  const log = await db().modelActivation.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { task: true, modelVersionId: true, kind: true } });
  // The pipeline's tasks only: stand-ins such as the test fixtures' "phantom-truth" are not models to promote.
  return MODEL_TASKS.map((task) => {
    const stack = activationStack(log.filter((l) => l.task === task));
    const versions = rows.filter((r) => r.task === task);
    const active = versions.find((v) => v.active);
    const rollbackTo = stack.length >= 2 && stack[stack.length - 1] === active?.id ? stack[stack.length - 2]! : null;
    const comparisons = new Map<string, TModelComparison>();
    for (const v of versions) {
      const kept = (v.metrics as { comparisons?: unknown } | null)?.comparisons;
      if (Array.isArray(kept)) for (const c of kept as TModelComparison[]) comparisons.set(`${c.dataset.id}:${c.a.modelVersionId}:${c.b.modelVersionId}:${c.createdAt}`, c);
    }
    return {
      task,
      rollbackTo,
      comparisons: [...comparisons.values()].sort((x, y) => y.createdAt.localeCompare(x.createdAt)).slice(0, 3),
      versions: versions.map((r) => {
        const manifest = ZModelManifest.safeParse(r.manifest);
        return {
          id: r.id,
          modelId: r.modelId,
          version: r.version,
          task: r.task,
          sha256: r.sha256,
          active: r.active,
          shadow: r.shadow,
          registeredAt: r.registeredAt,
          registeredBy: r.registeredBy?.name ?? null,
          dataset: r.datasetVersion ? `${r.datasetVersion.name} v${r.datasetVersion.version}` : null,
          training: manifest.success ? (manifest.data.training ?? null) : null,
          metrics: (r.metrics as Record<string, unknown> | null) ?? null,
          card: r.card,
          demo: manifest.success ? manifest.data.demo === true : false,
        };
      }),
    };
  });
}
