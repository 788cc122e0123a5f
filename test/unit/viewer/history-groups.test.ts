import { describe, expect, it } from "vitest";
import { groupHistory, type TGroupable } from "@/lib/viewer/history-groups";

const e = (id: string, kind: string, at: string, o: Partial<TGroupable> = {}) => ({ id, kind, createdAt: `2026-11-30T08:${at}Z`, readingId: "r1", source: "HUMAN", author: { id: "u1" }, ...o });

describe("groupHistory", () => {
  it("a box move and the slice levels saved with it are one edit, led by the box", () => {
    const groups = groupHistory([e("s1", "SLICE_LEVEL", "00:00.010"), e("box", "VERTEBRA_BOX", "00:00.012"), e("s2", "SLICE_LEVEL", "00:00.020"), e("dx", "LEVEL_DIAGNOSIS", "00:05.000")]);
    expect(groups.map((g) => [g.lead.id, g.entries.map((x) => x.id)])).toEqual([
      ["box", ["s1", "box", "s2"]],
      ["dx", ["dx"]],
    ]);
  });

  it("another author, reading or source starts a new group even within the window", () => {
    const groups = groupHistory([
      e("a", "VERTEBRA_BOX", "00:00.000"),
      e("b", "VERTEBRA_BOX", "00:00.100", { author: { id: "u2" } }),
      e("c", "VERTEBRA_BOX", "00:00.200", { author: { id: "u2" }, readingId: "r2" }),
      e("d", "VERTEBRA_BOX", "00:00.300", { author: null, source: "AI", readingId: "r2" }),
    ]);
    expect(groups.map((g) => g.entries.length)).toEqual([1, 1, 1, 1]);
  });

  it("a group of slice levels only is led by its first entry", () => {
    expect(groupHistory([e("s1", "SLICE_LEVEL", "00:00.000"), e("s2", "SLICE_LEVEL", "00:00.500")])[0]!.lead.id).toBe("s1");
    expect(groupHistory([])).toEqual([]);
  });
});
