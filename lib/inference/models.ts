import path from "node:path";

/** The committed demo models, by role; folders under models/ at the repository root. */
export const MODEL_IDS = {
  vertebrae: "discern-vertebrae-centernet",
  roi: "discern-disc-roi-centernet",
  classifier: "discern-disc-classifier",
} as const;

export type TModelRole = keyof typeof MODEL_IDS;

/** models/<id> for a role; `root` defaults to DISCERN_MODELS_DIR or the repository's models/. */
export function modelDir(role: TModelRole, root?: string): string {
  const base = root ?? process.env.DISCERN_MODELS_DIR ?? path.resolve(__dirname, "../../models");
  return path.join(base, MODEL_IDS[role]);
}
