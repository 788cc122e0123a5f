import { describe, expect, it } from "vitest";
import { aggregateLevels, argmaxDiagnosis, type LevelVote } from "@/lib/pipeline/aggregate-levels";

const vote = (sop: string, distanceMm: number | null, p: [number, number, number], extra: Partial<LevelVote> = {}): LevelVote => ({
  sopInstanceUid: sop,
  level: "L4-L5",
  distanceMm,
  offDisc: false,
  roiScore: 1,
  probabilities: { normal: p[0], bulge: p[1], herniation: p[2] },
  ...extra,
});

describe("aggregateLevels", () => {
  it("a single on-disc slice decides alone", () => {
    const [l] = aggregateLevels([vote("a", 0.5, [0.2, 0.7, 0.1])]);
    expect(l).toEqual({ level: "L4-L5", diagnosis: "bulge", probabilities: { normal: 0.2, bulge: 0.7, herniation: 0.1 }, sopInstanceUids: ["a"] });
  });

  it("weights slices by a Gaussian of the distance (σ = 3 mm) times the ROI score", () => {
    // Weights: a at 0 mm → 1; b at 3 mm → e^-0.5 = 0.60653.
    // Herniation (1·0.8 + 0.60653·0) / 1.60653 = 0.49797 beats normal (0.1 + 0.60653) / 1.60653 = 0.43980.
    const [l] = aggregateLevels([vote("b", 3, [1, 0, 0]), vote("a", 0, [0.1, 0.1, 0.8])]);
    const w = Math.exp(-0.5);
    expect(l!.probabilities.herniation).toBeCloseTo(0.8 / (1 + w), 4);
    expect(l!.probabilities.normal).toBeCloseTo((0.1 + w) / (1 + w), 4);
    expect(l!.diagnosis).toBe("herniation");
    expect(l!.sopInstanceUids).toEqual(["a", "b"]);
    // b at 1 mm weighs e^(-1/18) = 0.94596: normal (0.1 + 0.94596) / 1.94596 = 0.5375 wins.
    const [m] = aggregateLevels([vote("b", 1, [1, 0, 0]), vote("a", 0, [0.1, 0.1, 0.8])]);
    expect(m!.diagnosis).toBe("normal");
    expect(m!.probabilities.normal).toBeCloseTo(0.5375, 4);
    // …unless its ROI score is low: at 0.5, normal (0.1 + 0.47298) / 1.47298 = 0.3890, herniation 0.5431.
    const [n] = aggregateLevels([vote("b", 1, [1, 0, 0], { roiScore: 0.5 }), vote("a", 0, [0.1, 0.1, 0.8])]);
    expect(n!.diagnosis).toBe("herniation");
    expect(n!.probabilities.herniation).toBeCloseTo(0.5431, 4);
  });

  it("ignores off-disc slices unless they are all there is, then takes the closest", () => {
    const [l] = aggregateLevels([vote("a", 1, [0, 1, 0]), vote("far", 8, [0, 0, 1], { offDisc: true })]);
    expect(l!.sopInstanceUids).toEqual(["a"]);
    expect(l!.diagnosis).toBe("bulge");
    const [m] = aggregateLevels([vote("x", -9, [0, 0, 1], { offDisc: true }), vote("y", 6, [0, 1, 0], { offDisc: true })]);
    expect(m!.sopInstanceUids).toEqual(["y"]);
    expect(m!.diagnosis).toBe("bulge");
  });

  it("falls back to a plain mean when every weight is 0, and orders levels L1-L2 → L5-S1", () => {
    const out = aggregateLevels([
      vote("a", 0, [1, 0, 0], { level: "L5-S1", roiScore: 0 }),
      vote("b", 0, [0, 0, 1], { level: "L5-S1", roiScore: 0 }),
      vote("c", 0, [0, 1, 0], { level: "L1-L2" }),
    ]);
    expect(out.map((l) => l.level)).toEqual(["L1-L2", "L5-S1"]);
    expect(out[1]!.probabilities).toEqual({ normal: 0.5, bulge: 0, herniation: 0.5 });
    // Tie between normal and herniation goes to the milder class.
    expect(out[1]!.diagnosis).toBe("normal");
  });

  it("argmax prefers the milder class on ties", () => {
    expect(argmaxDiagnosis({ normal: 0.2, bulge: 0.4, herniation: 0.4 })).toBe("bulge");
  });
});
