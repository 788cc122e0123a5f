import { describe, expect, it } from "vitest";
import { separateLabels } from "@/lib/report/label-layout";

describe("separateLabels (key-image labels never overlap)", () => {
  it("keeps labels that already clear each other", () => {
    expect(separateLabels([10, 40, 80], 16, 0, 200)).toEqual([10, 40, 80]);
  });
  it("pushes crowded labels down in order, whatever the input order", () => {
    // L4-L5 and L5-S1 lines 6 px apart: the second label goes 16 px below the first.
    expect(separateLabels([106, 100, 30], 16, 0, 200)).toEqual([116, 100, 30]);
  });
  it("moves the stack up when it would run past the bottom, and never above the top", () => {
    expect(separateLabels([190, 192, 194], 16, 0, 190)).toEqual([158, 174, 190]);
    expect(separateLabels([0, 0, 0], 16, 4, 20)).toEqual([4, 20, 36]);
  });
});
