import { z } from "zod";

/** Bodies of the model-registry routes (app/api/models/…), parsed before any lib call. */
export const ZPromoteModelBody = z.object({
  task: z.string().min(1).max(64),
  /** A ModelVersion id, "modelId@version" or a version string. */
  version: z.string().min(1).max(200),
});

export const ZRollbackModelBody = z.object({ task: z.string().min(1).max(64) });
