import { describe, expect, it } from "vitest";
import type { TSliceLevelData } from "@/lib/annotations/schemas";
import { changedSliceLevels } from "@/lib/viewer/slice-level-diff";

const s = (uid: string, level: TSliceLevelData["level"], distanceMm: number | null, flags: string[] = []): TSliceLevelData => ({ sopInstanceUid: uid, level, distanceMm, flags });

describe("changedSliceLevels", () => {
  const before = new Map([
    ["a", s("a", "L3-L4", 1.2)],
    ["b", s("b", "L4-L5", 0.4)],
    ["c", s("c", "L4-L5", 2.8, ["far-from-disc"])],
  ]);
  const current = (uid: string) => before.get(uid) ?? null;

  it("a nudge that only moves distances records nothing", () => {
    expect(changedSliceLevels([s("a", "L3-L4", 1.9), s("b", "L4-L5", 1.1), s("c", "L4-L5", 3.4, ["far-from-disc"])], current)).toEqual([]);
  });

  it("records exactly the slices whose level changed, with their new distance", () => {
    const next = [s("a", "L3-L4", 1.9), s("b", "L5-S1", 3.0), s("c", "L4-L5", 3.4, ["far-from-disc"])];
    expect(changedSliceLevels(next, current)).toEqual([s("b", "L5-S1", 3.0)]);
  });

  it("a changed flag set is a change; the same flags in another order are not", () => {
    expect(changedSliceLevels([s("c", "L4-L5", 2.8)], current)).toEqual([s("c", "L4-L5", 2.8)]);
    const two = new Map([["d", s("d", "L1-L2", 1, ["x", "y"])]]);
    expect(changedSliceLevels([s("d", "L1-L2", 1, ["y", "x"])], (u) => two.get(u) ?? null)).toEqual([]);
  });

  it("a slice without a level yet is recorded", () => {
    expect(changedSliceLevels([s("new", null, null)], current)).toEqual([s("new", null, null)]);
  });
});
