import { describe, expect, it } from "vitest";
import { cohenKappa, confusionMatrix, percentAgreement, bootstrapInterval, type TMatrix } from "../../../lib/stats";

/**
 * Cohen's κ against published examples and hand computation; the analytic SE (Fleiss, Cohen &
 * Everitt 1969) against an independent multinomial delta-method derivative computed numerically.
 */
describe("cohenKappa", () => {
  it("Wikipedia's 'Cohen's kappa' worked example: 50 grant proposals, 20/5/10/15 → p_o 0.7, p_e 0.5, κ 0.4", () => {
    const k = cohenKappa([
      [20, 5],
      [10, 15],
    ]);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  // Cohen J. Weighted kappa. Psychol Bull 1968;70:213-220, the 3-category example (proportions,
  // n = 200) reproduced in the examples of R's psych::cohen.kappa: "cohen reports .492 and .348".
  const cohen1968: TMatrix = [
    [88, 14, 18],
    [10, 40, 10],
    [2, 6, 12],
  ];
  it("Cohen (1968): unweighted κ = .492", () => {
    expect(cohenKappa(cohen1968).kappa!).toBeCloseTo(0.492, 3);
    // By hand: p_o = .70, marginals (.6, .3, .1) × (.5, .3, .2) → p_e = .41, κ = .29/.59.
    expect(cohenKappa(cohen1968).kappa!).toBeCloseTo(0.29 / 0.59, 12);
  });
  it("Cohen (1968): weighted κ with disagreement weights (0 1 3 / 1 0 6 / 3 6 0) = .348", () => {
    const v = [
      [0, 1, 3],
      [1, 0, 6],
      [3, 6, 0],
    ];
    const agreement = v.map((row) => row.map((x) => 1 - x / 6));
    // By hand: Σ v·p_o = .90, Σ v·p_e = 1.38, κ_w = 1 − .90/1.38.
    expect(cohenKappa(cohen1968, { weights: agreement }).kappa!).toBeCloseTo(0.348, 3);
    expect(cohenKappa(cohen1968, { weights: agreement }).kappa!).toBeCloseTo(1 - 0.9 / 1.38, 12);
  });

  it("Fleiss, Cohen & Everitt (1969) table (106 10 4 / 22 28 10 / 2 12 6, n = 200): κ = .429", () => {
    const k = cohenKappa([
      [106, 10, 4],
      [22, 28, 10],
      [2, 12, 6],
    ]);
    // By hand: p_o = 140/200 = .70, marginals (.6, .3, .1) × (.65, .25, .10) → p_e = .475.
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.475, 12);
    expect(k.kappa!).toBeCloseTo(0.225 / 0.525, 12);
    expect(k.kappa!).toBeCloseTo(0.429, 3);
  });

  // Hand example on the diagnosis scale normal < bulge < herniation, n = 30:
  //            normal bulge hern
  //   normal     10     2    0      rows 12 12 6, columns 13 12 5
  //   bulge       3     8    1
  //   hern        0     2    4
  const ordinal: TMatrix = [
    [10, 2, 0],
    [3, 8, 1],
    [0, 2, 4],
  ];
  it("hand example, unweighted: p_o 22/30, p_e 330/900, κ = 11/19", () => {
    const k = cohenKappa(ordinal);
    expect(k.observed).toBeCloseTo(22 / 30, 12);
    expect(k.expected).toBeCloseTo(330 / 900, 12);
    expect(k.kappa!).toBeCloseTo(11 / 19, 12);
    expect(percentAgreement(ordinal).value).toBeCloseTo(22 / 30, 12);
  });
  it("hand example, linear weights (1, ½, 0): p_o 26/30, p_e 546/900, κ_w = 234/354", () => {
    const k = cohenKappa(ordinal, { weights: "linear" });
    expect(k.observed).toBeCloseTo(26 / 30, 12);
    expect(k.expected).toBeCloseTo(546 / 900, 12);
    expect(k.kappa!).toBeCloseTo(234 / 354, 12);
  });

  for (const [name, matrix, weights] of [
    ["FCE 1969 unweighted", [[106, 10, 4], [22, 28, 10], [2, 12, 6]], "none"],
    ["hand example unweighted", ordinal, "none"],
    ["hand example linear", ordinal, "linear"],
    ["Cohen 1968 linear", cohen1968, "linear"],
  ] as const) {
    it(`SE equals the multinomial delta method (numerical gradient): ${name}`, () => {
      const m = matrix.map((r) => [...r]);
      const n = m.flat().reduce((s, v) => s + v, 0);
      const p = m.map((r) => r.map((v) => v / n));
      const kappaOf = (q: number[][]) => cohenKappa(q.map((r) => r.map((v) => v * 1e6)), { weights }).kappa!;
      const base = kappaOf(p);
      const h = 1e-7;
      const g = p.map((r, i) => r.map((_, j) => {
        const q = p.map((row) => [...row]);
        q[i]![j]! += h;
        // κ is a function of the cell proportions; renormalise so that Σ q = 1 stays true.
        const s = q.flat().reduce((a, b) => a + b, 0);
        return (kappaOf(q.map((row) => row.map((v) => v / s))) - base) / h;
      }));
      let mean = 0;
      let square = 0;
      p.forEach((r, i) => r.forEach((pij, j) => {
        mean += pij * g[i]![j]!;
        square += pij * g[i]![j]! ** 2;
      }));
      const deltaSe = Math.sqrt((square - mean * mean) / n);
      expect(cohenKappa(m, { weights }).se!).toBeCloseTo(deltaSe, 4);
    });
  }

  it("the analytic SE agrees with a seeded bootstrap SE to within 10% at n = 200", () => {
    const m = cohen1968;
    const pairs: Array<[number, number]> = [];
    m.forEach((r, i) => r.forEach((c, j) => { for (let t = 0; t < c; t++) pairs.push([i, j]); }));
    const values: number[] = [];
    bootstrapInterval(pairs.length, (idx) => {
      const q = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
      for (const x of idx) q[pairs[x]![0]]![pairs[x]![1]]! += 1;
      const v = cohenKappa(q).kappa;
      if (v !== null) values.push(v);
      return v;
    }, { resamples: 2000, seed: 7 });
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(sd - cohenKappa(m).se!) / sd).toBeLessThan(0.1);
  });

  it("CI is κ ± 1.96·SE, clipped to [−1, 1]", () => {
    const k = cohenKappa(ordinal);
    expect(k.ci!.lower).toBeCloseTo(k.kappa! - 1.959963984540054 * k.se!, 12);
    expect(k.ci!.upper).toBeCloseTo(Math.min(1, k.kappa! + 1.959963984540054 * k.se!), 12);
    const perfect = cohenKappa([[5, 0], [0, 5]]);
    expect(perfect.kappa).toBe(1);
    expect(perfect.se).toBe(0);
    expect(perfect.ci).toEqual({ lower: 1, upper: 1 });
  });

  it("is undefined (null), not NaN, with no subjects or when both raters used one category", () => {
    expect(cohenKappa([[0, 0], [0, 0]]).kappa).toBeNull();
    const one = cohenKappa([[7, 0], [0, 0]]);
    expect(one.kappa).toBeNull();
    expect(one.observed).toBe(1);
  });

  it("confusionMatrix counts pairs into rows (first) × columns (second) and refuses unknown labels", () => {
    const m = confusionMatrix([["normal", "bulge"], ["normal", "normal"], ["herniation", "bulge"]] as const, ["normal", "bulge", "herniation"] as const);
    expect(m).toEqual([[1, 1, 0], [0, 0, 0], [0, 1, 0]]);
    expect(() => confusionMatrix([["normal", "oops" as "normal"]], ["normal"])).toThrow(RangeError);
  });
});
