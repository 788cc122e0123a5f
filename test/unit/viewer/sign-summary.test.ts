import { describe, expect, it } from "vitest";
import { signSummary, type TSummaryHead } from "@/lib/viewer/sign-summary";

const head = (kind: string, key: string, source: "AI" | "HUMAN", data: unknown, o: Partial<TSummaryHead> = {}): TSummaryHead => ({ kind, key, source, deleted: false, readingId: "r1", data, ...o });

describe("signSummary", () => {
  it("lists every level's diagnosis, marks corrections, counts this reading's human edits and the boxes", () => {
    const heads = [
      head("LEVEL_DIAGNOSIS", "L4-L5", "HUMAN", { level: "L4-L5", diagnosis: "herniation" }),
      head("LEVEL_DIAGNOSIS", "L5-S1", "AI", { level: "L5-S1", diagnosis: "bulge" }),
      head("LEVEL_DIAGNOSIS", "L3-L4", "AI", { level: "L3-L4", diagnosis: "normal" }, { deleted: true }),
      head("VERTEBRA_BOX", "L4", "HUMAN", { label: "L4" }),
      head("VERTEBRA_BOX", "L5", "AI", { label: "L5" }),
      head("SLICE_LEVEL", "1.2.3", "HUMAN", {}, { readingId: "other" }),
    ];
    const s = signSummary(heads, "r1");
    expect(s.levels).toEqual([
      { level: "L1-L2", diagnosis: "not stated", corrected: false },
      { level: "L2-L3", diagnosis: "not stated", corrected: false },
      { level: "L3-L4", diagnosis: "not stated", corrected: false },
      { level: "L4-L5", diagnosis: "herniation", corrected: true },
      { level: "L5-S1", diagnosis: "bulge", corrected: false },
    ]);
    expect(s.humanEdits).toBe(2);
    expect(s.vertebrae).toBe(2);
  });
});
