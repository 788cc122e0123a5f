import { describe, expect, it } from "vitest";
import type { ImageGeometry } from "@/lib/dicom/types";
import { sagittalNeighbours } from "@/lib/pipeline/sagittal-neighbours";
import { spineBodyFromBox } from "@/lib/pipeline/spine-body";

// Sagittal images 4 mm apart along patient x; rows run head → feet, columns anterior → posterior.
const at = (x: number, flip = false): { id: string; geometry: ImageGeometry } => ({
  id: `x${x}`,
  geometry: {
    imagePositionPatient: [x, 0, 0],
    rowCosines: [0, 1, 0],
    columnCosines: flip ? [0, 0, 1] : [0, 0, -1],
    pixelSpacing: [0.5, 0.8],
    rows: 256,
    columns: 256,
  },
});

describe("sagittalNeighbours", () => {
  it("takes the middle image and up to k on each side, nearest first, whatever the input order", () => {
    const images = [8, -8, 0, 4, -4, 12].map((x) => at(x));
    // Sorted along +x (patient left): −8 −4 0 4 8 12 → middle index ⌊5/2⌋ = 2 (x = 0).
    expect(sagittalNeighbours(images, 2).map((n) => [n.image.id, n.offset])).toEqual([
      ["x0", 0],
      ["x-4", -1],
      ["x4", 1],
      ["x-8", -2],
      ["x8", 2],
    ]);
    expect(sagittalNeighbours(images, 0).map((n) => n.image.id)).toEqual(["x0"]);
  });

  it("stops at the edges of a short stack and returns nothing for none", () => {
    expect(sagittalNeighbours([at(0), at(4)], 2).map((n) => [n.image.id, n.offset])).toEqual([
      ["x0", 0],
      ["x4", 1],
    ]);
    expect(sagittalNeighbours([], 2)).toEqual([]);
  });
});

describe("spineBodyFromBox", () => {
  it("measures height along the image axis closest to patient z, in mm", () => {
    // 40 columns × 0.8 mm = 32 mm deep, 50 rows × 0.5 mm = 25 mm high.
    const b = spineBodyFromBox(at(0).geometry, [10, 20, 50, 70], { kind: "vertebra", score: 0.5, sliceOffset: 0, ref: null });
    expect([b.heightMm, b.depthMm]).toEqual([25, 32]);
    // Centre (30, 45) px → y = (30 − 0.5) · 0.8 = 23.6, z = −(45 − 0.5) · 0.5 = −22.25.
    expect(b.center[1]).toBeCloseTo(23.6, 9);
    expect(b.center[2]).toBeCloseTo(-22.25, 9);
    // A transposed image (columns run head → feet): the column side is the height.
    const transposed: ImageGeometry = { ...at(0).geometry, rowCosines: [0, 0, -1], columnCosines: [0, 1, 0], pixelSpacing: [0.8, 0.5] };
    const t = spineBodyFromBox(transposed, [20, 10, 70, 50], { kind: "vertebra", score: 0.5, sliceOffset: 0, ref: null });
    expect([t.heightMm, t.depthMm]).toEqual([25, 32]);
  });
});
