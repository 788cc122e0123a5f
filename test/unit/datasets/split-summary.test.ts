import { describe, expect, it } from "vitest";
import { summariseSplits } from "@/lib/datasets/split-summary";

describe("summariseSplits", () => {
  it("counts studies per split and levels per split and class, zeros included, unlabelled apart", () => {
    const s = summariseSplits([
      { split: "TRAIN", diagnoses: new Map([["L4-L5", "herniation"], ["L5-S1", "normal"]]) },
      { split: "TRAIN", diagnoses: new Map([["L4-L5", "herniation"]]) },
      { split: "TEST", diagnoses: new Map([["L4-L5", "bulge"]]) },
      { split: "VAL", diagnoses: null },
    ]);
    expect(s.studies).toEqual({ train: 2, val: 1, test: 1 });
    expect(s.unlabelled).toBe(1);
    expect(s.levels["L4-L5"]).toEqual({ train: { normal: 0, bulge: 0, herniation: 2 }, val: { normal: 0, bulge: 0, herniation: 0 }, test: { normal: 0, bulge: 1, herniation: 0 } });
    expect(s.levels["L5-S1"].train).toEqual({ normal: 1, bulge: 0, herniation: 0 });
    expect(s.levels["L1-L2"]).toEqual({ train: { normal: 0, bulge: 0, herniation: 0 }, val: { normal: 0, bulge: 0, herniation: 0 }, test: { normal: 0, bulge: 0, herniation: 0 } });
  });
});
