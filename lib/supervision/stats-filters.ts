import { z } from "zod";
import { ZDiscLevel } from "../phantom/truth";
import { parseInput } from "./parse-input";

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");

/**
 * Dashboard filters (query string, CLI flags). `from`/`to` are inclusive UTC days of the study's
 * import (Study.createdAt); `readerId` keeps studies that reader signed a reading of and narrows
 * the reader-specific numbers; `modelVersion` ("modelId@version" or a ModelVersion id) keeps
 * studies the AI read with that version; `level` narrows level-wise numbers to one disc level.
 */
export const ZStatsFilters = z.object({
  from: ZDay.optional(),
  to: ZDay.optional(),
  readerId: z.string().min(1).max(100).optional(),
  modelVersion: z.string().min(1).max(200).optional(),
  level: ZDiscLevel.optional(),
});
export type TStatsFilters = z.infer<typeof ZStatsFilters>;

/** Reads filters from URL search params; empty values are absent. */
export function parseStatsFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): TStatsFilters {
  const get = (key: string) => {
    const raw = params instanceof URLSearchParams ? params.get(key) : params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    return value && value.trim() !== "" ? value.trim() : undefined;
  };
  return parseInput(ZStatsFilters, { from: get("from"), to: get("to"), readerId: get("readerId"), modelVersion: get("modelVersion"), level: get("level") });
}
