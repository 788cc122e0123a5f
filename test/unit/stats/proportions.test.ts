import { describe, expect, it } from "vitest";
import { classMetrics, proportion, wilsonInterval } from "../../../lib/stats";

describe("wilsonInterval", () => {
  // Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
  // methods. Stat Med 1998;17:857-872, Table II, method 3 (Wilson score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("Newcombe (1998): %i/%i → %f to %f", (x, n, lower, upper) => {
    const ci = wilsonInterval(x, n)!;
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });

  it("bounds exactly at 0 and 1 for none and all successes (no floating-point residue)", () => {
    for (const n of [1, 3, 5, 12, 33]) {
      expect(wilsonInterval(0, n)!.lower).toBe(0);
      expect(wilsonInterval(n, n)!.upper).toBe(1);
    }
  });

  it("is null without trials and refuses impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(proportion(0, 0)).toEqual({ value: null, successes: 0, n: 0, ci: null });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });

  it("hand example 8/10: centre (0.8 + z²/20)/(1 + z²/10), as computed by hand", () => {
    const z = 1.959963984540054;
    const z2 = z * z;
    const centre = (0.8 + z2 / 20) / (1 + z2 / 10);
    const half = (z * Math.sqrt(0.016 + z2 / 400)) / (1 + z2 / 10);
    expect(wilsonInterval(8, 10)).toEqual({ lower: centre - half, upper: centre + half });
    expect(centre - half).toBeCloseTo(0.4902, 4);
    expect(centre + half).toBeCloseTo(0.9433, 4);
  });
});

describe("classMetrics (one-vs-rest)", () => {
  // Rows: reference (final label); columns: prediction (AI). n = 30.
  //            normal bulge hern
  //   normal     10     2    0
  //   bulge       3     8    1
  //   hern        0     2    4
  const m = [
    [10, 2, 0],
    [3, 8, 1],
    [0, 2, 4],
  ];
  const report = classMetrics(m, ["normal", "bulge", "herniation"] as const);
  it("overall accuracy = diagonal / n = 22/30", () => {
    expect(report.accuracy.value).toBeCloseTo(22 / 30, 12);
    expect(report.accuracy.successes).toBe(22);
  });
  it("normal: TP 10, FN 2, FP 3, TN 15 → sens 10/12, spec 15/18, acc 25/30", () => {
    const c = report.perClass.normal;
    expect([c.tp, c.fn, c.fp, c.tn]).toEqual([10, 2, 3, 15]);
    expect(c.sensitivity.value).toBeCloseTo(10 / 12, 12);
    expect(c.specificity.value).toBeCloseTo(15 / 18, 12);
    expect(c.accuracy.value).toBeCloseTo(25 / 30, 12);
  });
  it("bulge: TP 8, FN 4, FP 4, TN 14", () => {
    const c = report.perClass.bulge;
    expect([c.tp, c.fn, c.fp, c.tn]).toEqual([8, 4, 4, 14]);
    expect(c.sensitivity.value).toBeCloseTo(8 / 12, 12);
    expect(c.specificity.value).toBeCloseTo(14 / 18, 12);
  });
  it("herniation: TP 4, FN 2, FP 1, TN 23, with Wilson intervals", () => {
    const c = report.perClass.herniation;
    expect([c.tp, c.fn, c.fp, c.tn]).toEqual([4, 2, 1, 23]);
    expect(c.sensitivity.value).toBeCloseTo(4 / 6, 12);
    expect(c.specificity.value).toBeCloseTo(23 / 24, 12);
    expect(c.sensitivity.ci).toEqual(wilsonInterval(4, 6));
  });
  it("a class nobody used has undefined sensitivity, not NaN", () => {
    const r = classMetrics([[3, 0], [0, 0]], ["a", "b"] as const);
    expect(r.perClass.b.sensitivity.value).toBeNull();
    expect(r.perClass.b.specificity.value).toBe(1);
  });
});
