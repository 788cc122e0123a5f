import { describe, expect, it } from "vitest";
import {
  addConfusion,
  boxCenter,
  boxContains,
  boxIou,
  confusionAccuracy,
  emptyConfusion,
  mean,
  ratio,
  scoreStudy,
  sensitivitySpecificity,
  summarizeScores,
  formatEval,
} from "@/lib/pipeline/eval";
import type { TAnalysis } from "@/lib/analysis/schema";
import type { TPhantomTruth } from "@/lib/phantom/truth";
import { wilsonInterval } from "@/lib/stats/wilson-interval";

describe("box metrics", () => {
  it("IoU of overlapping, nested, disjoint and empty boxes", () => {
    // [0,0,10,10] ∩ [5,0,15,10] = 5x10 = 50; union 100 + 100 - 50 = 150.
    expect(boxIou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150, 12);
    // Nested: 4x4 inside 8x8 → 16 / 64.
    expect(boxIou([2, 2, 6, 6], [0, 0, 8, 8])).toBeCloseTo(0.25, 12);
    expect(boxIou([0, 0, 1, 1], [2, 2, 3, 3])).toBe(0);
    expect(boxIou([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
    expect(boxIou([1, 2, 3, 4], [1, 2, 3, 4])).toBe(1);
  });

  it("centre inside a box uses x0 ≤ x < x1 (x1 exclusive)", () => {
    expect(boxCenter([0, 0, 10, 20])).toEqual([5, 10]);
    expect(boxContains([0, 0, 10, 10], [0, 0])).toBe(true);
    expect(boxContains([0, 0, 10, 10], [10, 5])).toBe(false);
    expect(boxContains([0, 0, 10, 10], [9.99, 9.99])).toBe(true);
  });

  it("ratio and mean are null on nothing", () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(0, 0)).toBeNull();
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
  });
});

describe("confusion matrix metrics", () => {
  // rows truth, cols predicted (normal, bulge, herniation)
  const m = [
    [50, 5, 0],
    [10, 30, 5],
    [0, 5, 15],
  ];

  it("accuracy is trace over total", () => {
    expect(confusionAccuracy(m)).toBeCloseTo(95 / 120, 12);
    expect(confusionAccuracy(emptyConfusion(3))).toBeNull();
  });

  it("one-vs-rest sensitivity and specificity, computed by hand", () => {
    // bulge: TP 30, FN 15, FP 10, TN 120 - 30 - 15 - 10 = 65.
    const bulge = sensitivitySpecificity(m, 1);
    expect(bulge.sensitivity).toBeCloseTo(30 / 45, 12);
    expect(bulge.specificity).toBeCloseTo(65 / 75, 12);
    // herniation: TP 15, FN 5, FP 5, TN 95.
    const hern = sensitivitySpecificity(m, 2);
    expect(hern.sensitivity).toBeCloseTo(15 / 20, 12);
    expect(hern.specificity).toBeCloseTo(95 / 100, 12);
    // normal: TP 50, FN 5, FP 10, TN 55.
    expect(sensitivitySpecificity(m, 0)).toEqual({ sensitivity: 50 / 55, specificity: 55 / 65 });
  });

  it("a class never present has no sensitivity", () => {
    expect(sensitivitySpecificity([[3, 0], [0, 0]], 1)).toEqual({ sensitivity: null, specificity: 1 });
  });

  it("adds matrices cell by cell", () => {
    expect(addConfusion([[1, 2], [3, 4]], [[1, 1], [1, 1]])).toEqual([[2, 3], [4, 5]]);
  });
});

describe("scoreStudy and summarizeScores", () => {
  const truth: TPhantomTruth = {
    schema: "discern.phantom-truth/v1",
    seed: 7,
    variant: "test",
    studyInstanceUid: "1.2",
    sagittal: { seriesInstanceUid: "sag", midSopInstanceUid: "mid", midFile: "mid.dcm" },
    vertebrae: [
      { label: "L4", centerPatient: [0, 0, 0], box: [100, 100, 140, 130] },
      { label: "L5", centerPatient: [0, 0, -40], box: [100, 140, 140, 170] },
    ],
    slices: [
      { sopInstanceUid: "a1", seriesInstanceUid: "ax", file: "a1.dcm", level: "L4-L5", distanceMm: 0.2, atDisc: true, roi: [10, 10, 30, 30] },
      { sopInstanceUid: "a2", seriesInstanceUid: "ax", file: "a2.dcm", level: "L4-L5", distanceMm: 4.2, atDisc: true, roi: [10, 10, 30, 30] },
      { sopInstanceUid: "a3", seriesInstanceUid: "ax", file: "a3.dcm", level: null, distanceMm: null, atDisc: false, roi: null },
      // L5-S1 is imaged, but its one slice has no true ROI (the ROI count stays 2).
      { sopInstanceUid: "a4", seriesInstanceUid: "ax", file: "a4.dcm", level: "L5-S1", distanceMm: 1, atDisc: true, roi: null },
    ],
    levels: [
      { level: "L4-L5", diagnosis: "bulge" },
      { level: "L5-S1", diagnosis: "herniation" },
      // No axial slice cuts L1-L2: not imaged, left out of the accuracy.
      { level: "L1-L2", diagnosis: "normal" },
    ],
    decoys: [],
  };
  const analysis: TAnalysis = {
    schema: "discern.analysis/v1",
    studyInstanceUid: "1.2",
    series: { sagittal: "sag", axial: ["ax"], ignored: [] },
    skippedFiles: [],
    vertebrae: [
      // centre (120, 115) inside the true L4 box; IoU 1.
      { label: "L4", sopInstanceUid: "mid", box: [100, 100, 140, 130], score: 0.9, centerPatient: [0, 0, 0] },
      // centre (120, 185) outside the true L5 box [.., 140, .., 170]; IoU 0.
      { label: "L5", sopInstanceUid: "mid", box: [100, 170, 140, 200], score: 0.9, centerPatient: [0, 0, -40] },
    ],
    slices: [
      { sopInstanceUid: "a1", seriesInstanceUid: "ax", level: "L4-L5", distanceMm: 0.1, flags: [] },
      { sopInstanceUid: "a2", seriesInstanceUid: "ax", level: "L3-L4", distanceMm: -4, flags: [] },
      { sopInstanceUid: "a3", seriesInstanceUid: "ax", level: "L4-L5", distanceMm: 9, flags: ["off-disc"] },
    ],
    discs: [
      // IoU of [10,10,30,30] and [15,10,35,30]: 15x20 / (400 + 400 - 300) = 0.6 → hit.
      { sopInstanceUid: "a1", level: "L4-L5", roi: [15, 10, 35, 30], score: 0.9, diagnosis: "bulge", probabilities: { normal: 0.1, bulge: 0.8, herniation: 0.1 } },
      // IoU 0.25 (nested 10x10 in 20x20) → miss.
      { sopInstanceUid: "a2", level: "L3-L4", roi: [15, 15, 25, 25], score: 0.9, diagnosis: "normal", probabilities: { normal: 0.8, bulge: 0.1, herniation: 0.1 } },
    ],
    levels: [{ level: "L4-L5", diagnosis: "normal", probabilities: { normal: 0.6, bulge: 0.3, herniation: 0.1 }, sopInstanceUids: ["a1"] }],
    models: [],
    device: "cpu",
    timingsMs: { total: 500 },
  };

  it("counts each step against the truth", () => {
    const s = scoreStudy(analysis, truth);
    expect(s.vertebrae).toEqual({ n: 2, hits: 1, ious: [1, 0] });
    // a1 right, a2 wrong, a4 (not in the analysis) wrong.
    expect(s.levels).toEqual({ n: 3, hits: 1 });
    expect(s.roi.n).toBe(2);
    expect(s.roi.hits).toBe(1);
    expect(s.roi.ious[0]).toBeCloseTo(0.6, 12);
    expect(s.roi.ious[1]).toBeCloseTo(0.25, 12);
    // L4-L5: truth bulge, predicted normal; L5-S1 not predicted.
    expect(s.classification["L4-L5"].confusion[1]).toEqual([1, 0, 0]);
    expect(s.classification["L5-S1"].missed).toBe(1);
    expect(s.classification["L1-L2"]).toEqual({ confusion: [[0, 0, 0], [0, 0, 0], [0, 0, 0]], missed: 0, notImaged: 1 });
  });

  it("summarises two studies, a missed level counting as wrong", () => {
    const a = scoreStudy(analysis, truth);
    const right = { ...analysis, levels: [{ ...analysis.levels[0]!, diagnosis: "bulge" as const }, { level: "L5-S1" as const, diagnosis: "herniation" as const, probabilities: { normal: 0, bulge: 0, herniation: 1 }, sopInstanceUids: [] }] };
    const b = scoreStudy(right, { ...truth, seed: 8 });
    const s = summarizeScores([a, b]);
    expect(s.studies).toBe(2);
    expect(s.vertebraLocalisation).toEqual({ accuracy: 0.5, n: 4, hits: 2, ci: wilsonInterval(2, 4) });
    // Wilson 95% for 2/4: 0.1500–0.8500 (symmetric about ½).
    expect(s.vertebraLocalisation.ci!.lower).toBeCloseTo(0.15, 4);
    expect(s.vertebraLocalisation.ci!.upper).toBeCloseTo(0.85, 4);
    expect(s.vertebraIoU).toEqual({ mean: 0.5, min: 0 });
    expect(s.levelAccuracy).toEqual({ accuracy: 2 / 6, n: 6, hits: 2, ci: wilsonInterval(2, 6) });
    const l45 = s.perLevel.find((l) => l.level === "L4-L5")!;
    expect(l45.accuracy).toBe(0.5);
    expect(l45.paper).toBe(0.904);
    const l5s1 = s.perLevel.find((l) => l.level === "L5-S1")!;
    expect(l5s1).toMatchObject({ accuracy: 0.5, n: 2, missed: 1 });
    expect(s.perLevel.find((l) => l.level === "L1-L2")).toMatchObject({ accuracy: null, n: 0, hits: 0, ci: null, notImaged: 2 });
    // Pooled: 4 truth levels, 2 right (b's two), 1 wrong, 1 missed.
    expect(s.classification.accuracy).toBe(0.5);
    expect([s.classification.hits, s.classification.n]).toEqual([2, 4]);
    expect(s.classification.confusion).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(s.perClass[1]).toEqual({ diagnosis: "bulge", sensitivity: 0.5, specificity: 1, n: 2 });
    expect(s.meanStudyMs).toBe(500);
    const text = formatEval(s);
    expect(text).toMatch(/Step 1 {2}vertebra localisation +50\.0% {2}\(2 \/ 4 vertebrae, 95% CI 15\.0%–85\.0%;/);
    expect(text).toMatch(/Step 2 {2}level assignment +33\.3% {2}\(2 \/ 6 at-disc slices, 95% CI /);
    expect(formatEval(s, "discern eval --dataset x")).toMatch(/^discern eval --dataset x\n/);
  });
});
