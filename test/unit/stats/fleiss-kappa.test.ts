import { describe, expect, it } from "vitest";
import { cohenKappa, fleissKappa, ratingCounts } from "../../../lib/stats";

describe("fleissKappa", () => {
  // Wikipedia "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories;
  // published P̄ = 0.378, P̄e = 0.213, κ = 0.210.
  const wikipedia = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  it("Wikipedia's 10-subject, 14-rater example: P̄ 0.378, P̄e 0.213, κ 0.210", () => {
    const k = fleissKappa(wikipedia);
    expect(k.observed!).toBeCloseTo(0.378, 3);
    expect(k.expected!).toBeCloseTo(0.213, 3);
    expect(k.kappa!).toBeCloseTo(0.21, 3);
    expect(k.subjects).toBe(10);
    expect(k.raters).toBe(14);
  });

  // Fleiss JL. Measuring nominal scale agreement among many raters. Psychol Bull 1971;76:378-382,
  // Table 1: 30 patients, 6 psychiatrists, 5 diagnoses; published κ = .430 (R irr's `diagnoses`).
  const fleiss1971 = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
    [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0], [0, 2, 0, 4, 0], [1, 0, 2, 0, 3],
    [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0], [1, 0, 0, 4, 1],
    [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
  ];
  it("Fleiss (1971) Table 1, 30 patients × 6 psychiatrists: κ = .430", () => {
    const k = fleissKappa(fleiss1971);
    expect(k.kappa!).toBeCloseTo(0.43, 3);
    // A seeded bootstrap interval contains the estimate and is reproducible.
    expect(k.ci!.lower).toBeLessThan(k.kappa!);
    expect(k.ci!.upper).toBeGreaterThan(k.kappa!);
    expect(fleissKappa(fleiss1971).ci).toEqual(k.ci);
  });

  it("hand example, 3 subjects × 3 raters on (normal, bulge, herniation)", () => {
    // Subject ratings: (n,n,n), (n,n,b), (b,h,h). Per-subject agreement P_i = Σ n_ij(n_ij − 1)/6:
    // 1, 1/3, 1/3 → P̄ = 5/9. Category shares 5/9, 2/9, 2/9 → P̄e = 33/81. κ = (5/9 − 33/81)/(1 − 33/81) = 12/48 = 0.25.
    const counts = ratingCounts(
      [["normal", "normal", "normal"], ["normal", "normal", "bulge"], ["bulge", "herniation", "herniation"]],
      ["normal", "bulge", "herniation"],
    );
    expect(counts).toEqual([[3, 0, 0], [2, 1, 0], [0, 1, 2]]);
    const k = fleissKappa(counts);
    expect(k.observed!).toBeCloseTo(5 / 9, 12);
    expect(k.expected!).toBeCloseTo(33 / 81, 12);
    expect(k.kappa!).toBeCloseTo(0.25, 12);
  });

  it("with two raters equals Scott's π, which is Cohen's κ when the marginals are equal", () => {
    // Symmetric table: both raters' marginals match, so Fleiss' pooled marginals are Cohen's.
    const counts = [...Array(6).fill([2, 0]), ...Array(2).fill([1, 1]), ...Array(4).fill([0, 2])];
    const cohen = cohenKappa([[6, 1], [1, 4]]).kappa!;
    // Fleiss' κ with m = 2 uses n in the chance term the same way as Scott's π: equal here.
    expect(fleissKappa(counts).kappa!).toBeCloseTo(cohen, 12);
  });

  it("refuses subjects with fewer than two ratings or other categories, and is null when every rating is one category", () => {
    expect(() => fleissKappa([[1, 0], [2, 1]])).toThrow(RangeError);
    expect(() => fleissKappa([[1, 1], [2, 1, 0]])).toThrow(RangeError);
    expect(fleissKappa([[3, 0], [3, 0]]).kappa).toBeNull();
  });

  it("subjects with different numbers of ratings: agreeing pairs over all pairs, pooled category shares", () => {
    // Subject 1: 2 ratings (a, a); subject 2: 3 ratings (a, b, b); subject 3: 2 ratings (b, b).
    // Agreeing ordered pairs 2 + (0 + 2) + 2 = 6 of 2 + 6 + 2 = 10 → P̄ = 0.6.
    // Shares: a 3/7, b 4/7 → P̄e = 25/49; κ = (0.6 − 25/49) / (1 − 25/49) = (29.4 − 25) / 24 = 11/60.
    const k = fleissKappa([[2, 0], [1, 2], [0, 2]]);
    expect(k.observed!).toBeCloseTo(0.6, 12);
    expect(k.expected!).toBeCloseTo(25 / 49, 12);
    expect(k.kappa!).toBeCloseTo(11 / 60, 12);
    expect(k.raters).toBeCloseTo(7 / 3, 12);
    expect(k.seNull).toBeNull();
  });
});
