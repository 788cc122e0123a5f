import { z } from "zod";
import type { TFrameRequest } from "./instance-frame";

/** Path parameters of /api/instances/[sopInstanceUid]/frames/[frame]; frames count from 0. */
export const ZFrameParams = z.object({
  sopInstanceUid: z.string().min(1).max(64),
  frame: z.coerce.number().int().min(0).max(100_000),
});

/** `?format=raw` (default) or `?format=png[&wc=<centre>&ww=<width>]`, window in modality units. */
export const ZFrameQuery = z
  .object({
    format: z.enum(["raw", "png"]).default("raw"),
    wc: z.coerce.number().finite().optional(),
    ww: z.coerce.number().finite().positive().optional(),
  })
  .refine((q) => (q.wc === undefined) === (q.ww === undefined), { message: "give both wc and ww, or neither", path: ["ww"] })
  .refine((q) => q.format === "png" || q.wc === undefined, { message: "a window applies to format=png only", path: ["wc"] });

export function toFrameRequest(query: z.infer<typeof ZFrameQuery>): TFrameRequest {
  if (query.format === "raw") return { format: "raw" };
  return query.wc !== undefined && query.ww !== undefined ? { format: "png", window: { center: query.wc, width: query.ww } } : { format: "png" };
}
