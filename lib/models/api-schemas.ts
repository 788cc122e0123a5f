import { z } from "zod";

/** Bodies of the model-registry routes (app/api/models/…), parsed before any lib call. */
export const ZPromoteModelBody = z.object({
  task: z.string().min(1).max(64),
  /** A ModelVersion id, "modelId@version" or a version string. */
  version: z.string().min(1).max(200),
});

export const ZRollbackModelBody = z.object({ task: z.string().min(1).max(64) });

/** A version to run in shadow for its task, or null to end shadow mode. */
export const ZShadowModelBody = z.object({ task: z.string().min(1).max(64), version: z.string().min(1).max(200).nullable() });
