import { describe, expect, it } from "vitest";
import { predictionsOf } from "@/lib/annotations/save-ai-predictions";
import type { TAnalysis } from "@/lib/analysis/schema";

// Enhanced multi-frame objects: each frame is an image of its own in what the worker stores.
describe("AI predictions of an analysis with enhanced frames", () => {
  const analysis: TAnalysis = {
    schema: "discern.analysis/v1",
    studyInstanceUid: "S",
    series: { sagittal: "sag", axial: ["ax"], ignored: [] },
    skippedFiles: [],
    vertebrae: [{ label: "L4", sopInstanceUid: "E", frameIndex: 6, box: [10, 10, 20, 20], score: 0.9, centerPatient: [0, 0, 0] }],
    slices: [
      { sopInstanceUid: "A", frameIndex: 0, seriesInstanceUid: "ax", level: "L4-L5", distanceMm: 1, flags: [] },
      { sopInstanceUid: "A", frameIndex: 1, seriesInstanceUid: "ax", level: "L4-L5", distanceMm: 5, flags: ["off-disc"] },
      { sopInstanceUid: "B", seriesInstanceUid: "ax", level: "L5-S1", distanceMm: 0, flags: [] },
    ],
    discs: [],
    levels: [],
    models: [],
    device: "cpu",
    timingsMs: {},
  };

  it("keys slices by SOP Instance UID and frame, keeps single-frame keys as they were, and stores the frame index", () => {
    const p = predictionsOf(analysis);
    expect(p.filter((x) => x.kind === "SLICE_LEVEL").map((x) => [x.key, (x.data as { frameIndex?: number }).frameIndex])).toEqual([
      ["A[0]", 0],
      ["A[1]", 1],
      ["B", undefined],
    ]);
    expect(p.find((x) => x.kind === "VERTEBRA_BOX")!.data).toMatchObject({ sopInstanceUid: "E", frameIndex: 6 });
  });
});
