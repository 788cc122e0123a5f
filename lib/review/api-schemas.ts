import { z } from "zod";
import { ZAnnotationKind } from "../annotations/schemas";

/** Bodies of the review routes (app/api/readings/…), parsed before any lib call. */
export const ZSaveEditsBody = z.object({
  changes: z
    .array(
      z.object({
        kind: ZAnnotationKind,
        key: z.string().min(1).max(128),
        baseRevisionId: z.string().min(1).max(64).nullable(),
        data: z.unknown().optional(),
        deleted: z.boolean().optional(),
        note: z.string().max(500).optional(),
      }),
    )
    .min(1)
    .max(500),
});

export const ZSignBody = z.object({ version: z.number().int().positive().optional() });

export const ZIdParam = z.string().min(1).max(64);
