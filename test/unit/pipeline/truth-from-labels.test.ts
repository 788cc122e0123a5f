import { describe, expect, it } from "vitest";
import { truthFromLabels } from "@/lib/pipeline/eval/truth-from-labels";

describe("truthFromLabels", () => {
  it("keeps the reader's boxes, scores leveled slices not flagged off-disc (with their ROI), and the diagnoses", () => {
    const t = truthFromLabels(
      {
        vertebrae: [{ label: "L4", box: [1, 2, 3, 4], sopInstanceUid: "sag" }],
        slices: [
          { sopInstanceUid: "a", level: "L4-L5", distanceMm: 0.5, flags: [] },
          { sopInstanceUid: "b", level: "L4-L5", distanceMm: 9, flags: ["off-disc"] },
          { sopInstanceUid: "c", level: null, distanceMm: null, flags: ["below-S1"] },
          { sopInstanceUid: "d", level: "L5-S1", distanceMm: 1, flags: ["low-score-roi"] },
        ],
        rois: new Map([["a", { sopInstanceUid: "a", box: [10, 10, 20, 20] as [number, number, number, number] }]]),
        diagnoses: new Map([["L4-L5", { level: "L4-L5" as const, diagnosis: "bulge" as const }]]),
      },
      3,
    );
    expect(t).toEqual({
      seed: 3,
      vertebrae: [{ label: "L4", box: [1, 2, 3, 4] }],
      slices: [
        { sopInstanceUid: "a", level: "L4-L5", atDisc: true, roi: [10, 10, 20, 20] },
        { sopInstanceUid: "b", level: "L4-L5", atDisc: false, roi: null },
        { sopInstanceUid: "d", level: "L5-S1", atDisc: true, roi: null },
      ],
      levels: [{ level: "L4-L5", diagnosis: "bulge" }],
    });
  });
});
