import { describe, expect, it } from "vitest";
import { ZLengthData } from "@/lib/annotations/schemas";
import type { TViewerImage } from "@/lib/review/study-view";
import { lengthFromDrag, lengthLabel, nextMeasureMode } from "@/components/viewer/length-tool";

const image = (pixelSpacing: [number, number] | null): TViewerImage =>
  ({
    key: "1.2.3",
    sopInstanceUid: "1.2.3",
    instanceNumber: 1,
    rows: 256,
    columns: 256,
    pixelRepresentation: 0,
    bitsStored: 12,
    photometricInterpretation: "MONOCHROME2",
    rescaleSlope: 1,
    rescaleIntercept: 0,
    windowCenter: null,
    windowWidth: null,
    geometry: pixelSpacing ? { imagePositionPatient: [0, 0, 0], imageOrientationPatient: [1, 0, 0, 0, 1, 0], pixelSpacing, rows: 256, columns: 256 } : null,
  }) as TViewerImage;

describe("the length tool", () => {
  it("turns an AP drag into a valid LENGTH annotation in mm (rows 0.5 mm apart)", () => {
    const l = lengthFromDrag(image([0.5, 0.7]), [100, 80], [100, 98], "herniation-ap", "L5-S1", "6f1c2a8e-0000-4000-8000-000000000001")!;
    expect(l).toEqual({ id: "6f1c2a8e-0000-4000-8000-000000000001", sopInstanceUid: "1.2.3", level: "L5-S1", purpose: "herniation-ap", points: [[100, 80], [100, 98]], lengthMm: 9 });
    expect(ZLengthData.parse(l)).toEqual(l);
    expect(lengthLabel(l)).toBe("AP 9 mm");
  });
  it("states no length without Pixel Spacing or for a click", () => {
    expect(lengthFromDrag(image(null), [0, 0], [10, 10], "canal-ap", null, "6f1c2a8e-0000-4000-8000-000000000002")).toBeNull();
    expect(lengthFromDrag(image([0.5, 0.5]), [10, 10], [10.5, 10.5], "canal-ap", null, "6f1c2a8e-0000-4000-8000-000000000003")).toBeNull();
  });
  it("cycles the measure mode", () => {
    expect([nextMeasureMode(null), nextMeasureMode("herniation-ap"), nextMeasureMode("canal-ap")]).toEqual(["herniation-ap", "canal-ap", null]);
  });
});
