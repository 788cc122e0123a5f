import { describe, expect, it } from "vitest";
import type { TViewerImage, TViewerSeries } from "@/lib/review/study-view";
import { paneTitle, positionLine, referenceLines } from "@/components/viewer/pane-overlays";

const base = { instanceNumber: 1, rows: 200, columns: 200, pixelRepresentation: 0, bitsStored: 12, photometricInterpretation: "MONOCHROME2", rescaleSlope: 1, rescaleIntercept: 0, windowCenter: null, windowWidth: null };
// Sagittal through x = 0: column = +y (anterior→posterior), row = −z; 1 mm pixels from (0, −100, 100).
const sag: TViewerImage = { ...base, key: "sag", sopInstanceUid: "sag", geometry: { imagePositionPatient: [0, -100, 100], rowCosines: [0, 1, 0], columnCosines: [0, 0, -1], pixelSpacing: [1, 1], rows: 200, columns: 200 } };
const axialAt = (z: number): TViewerImage => ({ ...base, key: `ax${z}`, sopInstanceUid: `ax${z}`, geometry: { imagePositionPatient: [-100, -100, z], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0], pixelSpacing: [1, 1], rows: 200, columns: 200 } });

describe("pane overlays", () => {
  it("draws one line per axial slice across the sagittal at its height, the shown one solid", () => {
    const lines = referenceLines(sag, [axialAt(50), axialAt(0), axialAt(50)], axialAt(0), () => null);
    expect(lines.map((l) => l.key)).toEqual(["ax50", "ax0"]);
    // z = 50 is the centre of row 50 on the sagittal (z = 100 − row), z = 0 of row 100; overlay
    // coordinates have their origin at the first pixel's corner, so a centre is at +0.5.
    expect(lines.map((l) => [l.points[0][1], l.points[1][1]])).toEqual([[50.5, 50.5], [100.5, 100.5]]);
    expect([lines[0]!.dash, lines[1]!.dash, lines[1]!.color]).toEqual([[3, 3], undefined, "#ffffff"]);
  });

  it("draws the sagittal plane on the axial as a vertical line at x = 0 (the centre of column 100); none for parallel planes", () => {
    const [line] = positionLine(axialAt(0), sag);
    expect(line!.points.map((p) => p[0])).toEqual([100.5, 100.5]);
    expect(positionLine(axialAt(0), axialAt(10))).toEqual([]);
  });

  it("titles a pane with plane, slice of the stack, note, weighting, description and series number", () => {
    const s = { key: "k", seriesInstanceUid: "k", description: "T2 TSE TRA 2", plane: "AXIAL", weighting: "T2", seriesNumber: 4, part: "", levels: [], images: [axialAt(0), axialAt(4)] } satisfies TViewerSeries;
    expect(paneTitle(s, 1, " · L4-L5")).toBe("Axial 2/2 · L4-L5 — T2 T2 TSE TRA 2 #4");
    expect(paneTitle({ ...s, plane: "UNKNOWN", weighting: "OTHER", description: null, seriesNumber: null }, 0, "")).toBe("Image 1/2 — ");
    expect(paneTitle(undefined, 0, "")).toBe("No series");
  });
});
