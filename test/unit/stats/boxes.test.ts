import { describe, expect, it } from "vitest";
import { boxIou, correctionRates, distributionSummary, histogram } from "../../../lib/stats";

describe("boxIou", () => {
  it("hand values: identical 1, disjoint 0, half-shifted 1/3, contained 1/4", () => {
    expect(boxIou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(boxIou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    // Overlap 5×10 = 50; union 100 + 100 − 50 = 150.
    expect(boxIou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3, 12);
    expect(boxIou([0, 0, 10, 10], [0, 0, 5, 5])).toBeCloseTo(0.25, 12);
    expect(boxIou([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
  });
});

describe("distributionSummary", () => {
  it("mean, median and type-7 quartiles of 1..8 (R: quantile(1:8) = 1, 2.75, 4.5, 6.25, 8)", () => {
    const s = distributionSummary([8, 1, 2, 3, 4, 5, 6, 7]);
    expect(s).toEqual({ n: 8, mean: 4.5, min: 1, q1: 2.75, median: 4.5, q3: 6.25, max: 8 });
  });
  it("nulls for an empty sample", () => {
    expect(distributionSummary([])).toEqual({ n: 0, mean: null, min: null, q1: null, median: null, q3: null, max: null });
  });
});

describe("histogram", () => {
  it("bins IoU values over [0, 1] with 1.0 in the last bin", () => {
    const h = histogram([0, 0.05, 0.5, 0.95, 1], 10);
    expect(h.map((b) => b.count)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(h[0]).toEqual({ from: 0, to: 0.1, count: 2 });
  });
});

describe("correctionRates", () => {
  it("counts label flips and box moves (IoU < 0.9) per model version", () => {
    const rates = correctionRates([
      { modelVersion: "cls@2", kind: "label", ai: "bulge", human: "bulge" },
      { modelVersion: "cls@1", kind: "label", ai: "normal", human: "bulge" },
      { modelVersion: "cls@1", kind: "label", ai: "normal", human: "normal" },
      { modelVersion: "cls@1", kind: "label", ai: "herniation", human: "bulge" },
      { modelVersion: "cls@1", kind: "box", ai: [0, 0, 10, 10], human: [0, 0, 10, 10] },
      // IoU 90/100 = 0.9: not moved (strictly below the threshold counts).
      { modelVersion: "cls@1", kind: "box", ai: [0, 0, 10, 10], human: [1, 0, 10, 10] },
      { modelVersion: "cls@1", kind: "box", ai: [0, 0, 10, 10], human: [5, 0, 15, 10] },
    ]);
    expect(rates.map((r) => r.modelVersion)).toEqual(["cls@1", "cls@2"]);
    expect(rates[0]!.labelFlips).toMatchObject({ successes: 2, n: 3 });
    expect(rates[0]!.labelFlips.value).toBeCloseTo(2 / 3, 12);
    expect(rates[0]!.boxMoves).toMatchObject({ successes: 1, n: 3 });
    expect(rates[1]!.labelFlips).toMatchObject({ successes: 0, n: 1, value: 0 });
    expect(rates[1]!.boxMoves.value).toBeNull();
  });
});
