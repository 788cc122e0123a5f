import type { TCountingBasis } from "../analysis/schema";

/** How the report's levels were named by the software, and the counting flags a reader saw. */
export interface TReportCounting {
  /** null: unknown (the AI run recorded no basis, e.g. documents from before issue 11). */
  basis: TCountingBasis | null;
  /** Study-level counting flags (`counting-uncertain`, `transitional-vertebra-suspected`). */
  flags: string[];
}

/**
 * The basis of a study's level names from what a signed snapshot keeps: the vertebra detector's
 * manifest (`output.assignment.method` "count-from-sacrum" → "sacrum", or "none" when that
 * detector named no vertebra; any other detector → "appearance"; no vertebra-detection manifest → null) and the
 * counting flags found on the slice-level values. `manifest` is the stored ModelVersion.manifest
 * JSON (unknown shape: read defensively).
 */
export function reportCounting(manifest: unknown, sliceFlags: readonly (readonly string[])[], aiNamedVertebrae: boolean): TReportCounting {
  const m = manifest as { task?: unknown; output?: { assignment?: { method?: unknown } } } | null | undefined;
  const counted = m?.output?.assignment?.method === "count-from-sacrum";
  // Only a vertebra detector's manifest says how names were made (not e.g. a phantom-truth stand-in).
  const basis: TCountingBasis | null = m?.task !== "vertebra-detection" ? null : counted ? (aiNamedVertebrae ? "sacrum" : "none") : "appearance";
  const seen = new Set(sliceFlags.flat());
  const flags = ["counting-uncertain", "transitional-vertebra-suspected"].filter((f) => seen.has(f));
  return { basis, flags };
}

/**
 * The report's sentences on how the levels were named (issue 11: "state the basis"), in order:
 * the basis, then one sentence per counting flag. Empty when nothing is known.
 */
export function countingStatement(counting: TReportCounting | null | undefined): string[] {
  if (!counting) return [];
  const lines: string[] = [];
  if (counting.basis === "sacrum") lines.push("Levels counted from the sacrum (S1 upwards).");
  else if (counting.basis === "appearance") lines.push("Levels named by the software from each vertebra's appearance, not counted from the sacrum.");
  else if (counting.basis === "none") lines.push("The software found no sacrum and named no level; levels are the reader's.");
  else if (counting.basis === "given") lines.push("Levels from vertebra positions given to the software.");
  if (counting.flags.includes("counting-uncertain")) lines.push("The count was uncertain (no sacrum found, or a break in the sequence of vertebrae): check the numbering.");
  if (counting.flags.includes("transitional-vertebra-suspected")) {
    lines.push("A lumbosacral transitional vertebra is suspected: the numbering of the lowest levels may differ by one.");
  }
  return lines;
}
