import { describe, expect, it } from "vitest";
import type { TAnalysis } from "@/lib/analysis/schema";
import { formatRealEval } from "@/lib/pipeline/eval/format-real-eval";
import { maskBox, pointInMask, scoreRealStudy, type RealStudyScore } from "@/lib/pipeline/eval/score-real-study";
import { summarizeRealScores } from "@/lib/pipeline/eval/summarize-real-scores";
import type { RealStudyTruth } from "@/lib/realdata/build-real-study";
import { voxelIndex, type Volume } from "@/lib/realdata/volume";

/** 60 rows × 40 columns × 8 slices; L4 (value 4) rows 10–19, L5 (value 5) rows 30–39, columns 10–19, slices 2–5 only. */
function labels(): Volume<Uint8Array> {
  const v = { rows: 60, columns: 40, slices: 8, data: new Uint8Array(60 * 40 * 8) };
  for (let r = 0; r < 60; r++)
    for (let c = 10; c < 20; c++)
      for (let s = 2; s <= 5; s++) {
        if (r >= 10 && r <= 19) v.data[voxelIndex(v, r, c, s)] = 4;
        if (r >= 30 && r <= 39) v.data[voxelIndex(v, r, c, s)] = 5;
      }
  return v;
}

const truth: RealStudyTruth = {
  exam: "VB1-99",
  set: "VB1",
  studyInstanceUid: "1.2",
  sagittal: {
    seriesInstanceUid: "1.2.1",
    slabs: [
      { first: 0, last: 1, sopInstanceUid: "sag-0" },
      { first: 2, last: 5, sopInstanceUid: "sag-1" },
    ],
  },
  vertebrae: [
    { label: "L4", value: 4 },
    { label: "L5", value: 5 },
    { label: "S1", value: 6 },
  ],
  slices: [
    { sopInstanceUid: "ax-1", seriesInstanceUid: "1.2.2", level: "L4-L5", offsetMm: -4 },
    { sopInstanceUid: "ax-2", seriesInstanceUid: "1.2.2", level: "L4-L5", offsetMm: 0 },
    { sopInstanceUid: "ax-3", seriesInstanceUid: "1.2.3", level: "L5-S1", offsetMm: 0 },
  ],
  discs: [],
};

/** A hand-written analysis (not model output): boxes and levels chosen to hit and miss on purpose. */
function analysis(vertebrae: TAnalysis["vertebrae"], levels: (string | null)[]): TAnalysis {
  return {
    schema: "discern.analysis/v1",
    studyInstanceUid: "1.2",
    series: { sagittal: "1.2.1", axial: ["1.2.2", "1.2.3"], ignored: [] },
    skippedFiles: [],
    vertebrae,
    slices: truth.slices.map((s, k) => ({ sopInstanceUid: s.sopInstanceUid, seriesInstanceUid: s.seriesInstanceUid, level: levels[k] as never, distanceMm: null, flags: [] })),
    discs: [],
    levels: [],
    models: [],
    device: "cpu",
    timingsMs: { total: 120 },
  };
}
const v = (label: "L4" | "L5" | "S1", sop: string, box: [number, number, number, number]) => ({ label, sopInstanceUid: sop, box, score: 0.9, centerPatient: [0, 0, 0] as [number, number, number] });

describe("scoreRealStudy", () => {
  it("reads masks in the slab's pixel grid (x = column, y = row) over the slab's slices only", () => {
    const l = labels();
    expect(maskBox(l, 4, 2, 5)).toEqual([10, 10, 20, 20]);
    expect(maskBox(l, 4, 0, 1)).toBeNull();
    expect(pointInMask(l, 5, 2, 5, 15.5, 35.2)).toBe(true);
    expect(pointInMask(l, 5, 0, 1, 15.5, 35.2)).toBe(false);
    expect(pointInMask(l, 5, 2, 5, 25, 35)).toBe(false);
    expect(pointInMask(l, 5, 2, 5, -1, 35)).toBe(false);
  });

  it("counts a body when the same name's box centre is in its mask on the slab the box was drawn on", () => {
    const score = scoreRealStudy(
      analysis(
        [
          v("L4", "sag-1", [10, 10, 20, 20]), // centre (15, 15) in L4, IoU 1
          v("L5", "sag-0", [10, 30, 20, 40]), // right place, but on a slab where L5 is not labelled
          v("S1", "sag-1", [10, 45, 20, 55]),
        ],
        ["L4-L5", "L3-L4", null],
      ),
      truth,
      labels(),
      800,
    );
    expect(score.vertebrae).toEqual([
      { label: "L4", hit: true, iou: 1 },
      { label: "L5", hit: false, iou: 0 },
      { label: "S1", hit: false, iou: 0 }, // value 6 is absent from the volume
    ]);
    expect(score.levels.map((l) => [l.level, l.predicted, l.hit])).toEqual([
      ["L4-L5", "L4-L5", true],
      ["L4-L5", "L3-L4", false],
      ["L5-S1", null, false],
    ]);
    expect(score.analysisMs).toBe(120);
    expect([score.countingBasis, score.countingFlags]).toEqual([null, []]);
    expect(score.buildMs).toBe(800);
  });

  it("does not count a box whose name is wrong, even on the right body", () => {
    const score = scoreRealStudy(analysis([v("L5", "sag-1", [10, 10, 20, 20])], [null, null, null]), truth, labels());
    expect(score.vertebrae.find((x) => x.label === "L4")!.hit).toBe(false);
    expect(score.vertebrae.find((x) => x.label === "L5")).toEqual({ label: "L5", hit: false, iou: 0 });
  });
});

describe("summarizeRealScores", () => {
  const exam = (id: string, set: RealStudyScore["set"], hits: boolean[], levelHits: boolean[]): RealStudyScore => ({
    exam: id,
    set,
    vertebrae: (["L1", "L2", "L3", "L4", "L5"] as const).slice(0, hits.length).map((label, k) => ({ label, hit: hits[k]!, iou: hits[k] ? 0.8 : 0 })),
    levels: levelHits.map((hit, k) => ({ sopInstanceUid: `${id}-${k}`, level: "L2-L3", predicted: hit ? "L2-L3" : null, hit })),
    countingBasis: id === "a" ? "sacrum" : "none",
    countingFlags: id === "a" ? [] : ["counting-uncertain"],
    analysisMs: 100,
    buildMs: 1000,
  });

  it("adds hits and n over exams, per body and per level, with Wilson 95% intervals", () => {
    const t = summarizeRealScores("VB3", [exam("a", "VB3", [true, true, false, true, true], [true, true, true]), exam("b", "VB3", [true, false, false, false, false], [false, false, true, true, true, true, true])]);
    expect(t.exams).toBe(2);
    expect([t.vertebrae.successes, t.vertebrae.n]).toEqual([5, 10]);
    expect(t.vertebrae.value).toBe(0.5);
    // Wilson 95% for 5/10: 0.2366–0.7634 (Newcombe 1998, table I).
    expect(t.vertebrae.ci!.lower).toBeCloseTo(0.2366, 4);
    expect(t.vertebrae.ci!.upper).toBeCloseTo(0.7634, 4);
    expect(t.vertebrae.iouMean).toBeCloseTo(0.4, 9);
    expect(t.perVertebra.map((p) => [p.label, p.result.successes, p.result.n])).toEqual([
      ["L1", 2, 2],
      ["L2", 1, 2],
      ["L3", 0, 2],
      ["L4", 1, 2],
      ["L5", 1, 2],
    ]);
    expect(t.perVertebra.reduce((a, p) => a + p.result.n, 0)).toBe(t.vertebrae.n);
    expect([t.levels.successes, t.levels.n]).toEqual([8, 10]);
    expect(t.perLevel.find((l) => l.level === "L2-L3")!.result.n).toBe(10);
    expect(t.perLevel.find((l) => l.level === "L5-S1")!.result).toEqual({ value: null, successes: 0, n: 0, ci: null });
    expect([t.examsAllLumbar.successes, t.examsAllLumbar.n]).toEqual([0, 2]);
    expect([t.examsAllLevels.successes, t.examsAllLevels.n]).toEqual([1, 2]);
    expect(t.s1.n).toBe(0);
    expect(t.meanAnalysisMs).toBe(100);
    expect(t.countingBasis).toEqual({ sacrum: 1, none: 1 });
    expect(t.examsWithCountingFlags).toBe(1);
  });

  it("prints one table per source with the counts and intervals, and the failures", () => {
    const scores = [exam("a", "VB3", [true, true, false, true, true], [true, true, true])];
    const text = formatRealEval({
      schema: "discern.eval-realdata/v1",
      split: "test",
      splitFile: "models/training/realdata_split.json",
      vertebraRule: "rule",
      levelRule: "rule",
      models: [{ id: "m", version: "1" }],
      device: "cpu",
      failed: [{ exam: "VB1-02", error: "No sagittal series." }],
      tables: [summarizeRealScores("VB3", scores), summarizeRealScores("all", scores)],
      exams: scores,
    });
    expect(text).toMatch(/^VB3 — 1 exam$/m);
    expect(text).toMatch(/^All sets — 1 exam$/m);
    expect(text).toMatch(/Step 1 {2}vertebrae L1–L5 identified +80\.0% +4 \/ 5 +37\.6%–96\.4%/);
    expect(text).toMatch(/Step 2 {2}axial levels right +100\.0% +3 \/ 3 +43\.9%–100\.0%/);
    expect(text).toMatch(/VB1-02: No sagittal series\./);
    expect(text).toMatch(/bodies named by: sacrum 1; exams with a counting flag: 0/);
  });
});
