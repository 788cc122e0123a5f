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

/** A database id in a path or body: 1–64 characters, no control characters (PostgreSQL refuses a NUL byte in text: 22021, which was a 500). */
export const ZIdParam = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\u0000-\u001f\u007f]*$/, { message: "an id has no control characters" });

/** POST /api/readings/:id/amend — the reason is required (lib/review/policy AMEND_REASON bounds it). */
export const ZAmendBody = z.object({ reason: z.string().max(2000) });

/** POST /api/readings/:id/release and …/reopen — an optional reason for the audit trail. */
export const ZReasonBody = z.object({ reason: z.string().max(500).optional() });

/** POST /api/readings/:id/reassign — the reader who takes the reading over. */
export const ZReassignBody = z.object({ toReaderId: z.string().min(1).max(64) });
