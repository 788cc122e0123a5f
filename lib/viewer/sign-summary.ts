import { DISC_LEVELS, type TDiscLevel } from "@/lib/phantom/truth";

/** A head as the summary needs it (TEffectiveAnnotation satisfies it). */
export interface TSummaryHead {
  kind: string;
  key: string;
  source: "AI" | "HUMAN";
  deleted: boolean;
  readingId: string;
  data: unknown;
}

export interface TSignSummary {
  /** Per disc level, the diagnosis that will be signed ("not stated" when none). */
  levels: Array<{ level: TDiscLevel; diagnosis: string; corrected: boolean }>;
  /** How many of the reading's values a human entered or changed (all kinds). */
  humanEdits: number;
  /** Vertebra boxes present (of L1–S1). */
  vertebrae: number;
}

/**
 * What a signature freezes, for the confirmation before Sign (issue 17): per level the
 * diagnosis shown and whether a reader corrected it, the number of human edits in this reading,
 * and the vertebra boxes. `heads` are the reading's current heads (study view annotations).
 */
export function signSummary(heads: readonly TSummaryHead[], readingId: string): TSignSummary {
  const live = heads.filter((h) => !h.deleted);
  const levels = DISC_LEVELS.map((level) => {
    const head = live.find((h) => h.kind === "LEVEL_DIAGNOSIS" && h.key === level);
    const diagnosis = (head?.data as { diagnosis?: unknown } | undefined)?.diagnosis;
    return { level, diagnosis: typeof diagnosis === "string" ? diagnosis : "not stated", corrected: head?.source === "HUMAN" };
  });
  return {
    levels,
    humanEdits: heads.filter((h) => h.source === "HUMAN" && h.readingId === readingId).length,
    vertebrae: live.filter((h) => h.kind === "VERTEBRA_BOX").length,
  };
}
