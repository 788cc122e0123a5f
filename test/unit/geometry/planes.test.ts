import { describe, expect, it } from "vitest";
import type { ImageGeometry } from "@/lib/dicom/types";
import { discCenter, distanceToDisc, midSagittalSlice, referenceLine } from "@/lib/geometry";

const sag = (x: number, flip = false): { id: string; geometry: ImageGeometry } => ({
  id: `x${x}`,
  geometry: {
    imagePositionPatient: [x, flip ? 149.5 : -149.5, 149.5],
    rowCosines: flip ? [0, -1, 0] : [0, 1, 0],
    columnCosines: [0, 0, -1],
    pixelSpacing: [1, 1],
    rows: 300,
    columns: 300,
  },
});

describe("midSagittalSlice", () => {
  it("takes the middle of the stack by position, whatever the file order", () => {
    const stack = [sag(8), sag(-8), sag(0), sag(4), sag(-4)];
    expect(midSagittalSlice(stack)?.id).toBe("x0");
  });
  it("sorts flipped stacks the same way", () => {
    const stack = [sag(8, true), sag(-8, true), sag(0, true), sag(4, true), sag(-4, true)];
    expect(midSagittalSlice(stack)?.id).toBe("x0");
    expect(midSagittalSlice([])).toBeUndefined();
  });
});

describe("discCenter / distanceToDisc", () => {
  it("is the midpoint of the two vertebra centres", () => {
    expect(discCenter([0, 0, 40], [0, 10, 0])).toEqual([0, 5, 20]);
  });
  it("is positive when the plane is cranial of the disc centre, for either normal", () => {
    expect(distanceToDisc([0, 0, 23], [0, 0, 1], [0, 0, 40], [0, 0, 0])).toBe(3);
    expect(distanceToDisc([0, 0, 23], [0, 0, -1], [0, 0, 40], [0, 0, 0])).toBe(3);
    expect(distanceToDisc([5, 9, 18], [0, 0, -1], [0, 0, 40], [0, 0, 0])).toBe(-2);
  });
});

describe("referenceLine", () => {
  const target = sag(0).geometry; // IPP (0, -149.5, 149.5): pixel (i, j) centre at y = -149.5 + i, z = 149.5 - j
  const axialAt = (z: number, tilt = 0): ImageGeometry => ({
    imagePositionPatient: [-100, -100, z],
    rowCosines: [1, 0, 0],
    columnCosines: [0, Math.cos(tilt), Math.sin(tilt)],
    pixelSpacing: [1, 1],
    rows: 200,
    columns: 200,
  });
  it("draws a horizontal line across the sagittal image at the plane's height", () => {
    // z = 100 → row centre j with 149.5 - j = 100 → j = 49.5 (pixel centre) → y = 50 in corner coordinates
    const line = referenceLine(target, axialAt(100));
    expect(line).not.toBeNull();
    const [[x0, y0], [x1, y1]] = line!;
    expect([Math.min(x0, x1), Math.max(x0, x1)]).toEqual([0, 300]);
    expect(y0).toBeCloseTo(50, 9);
    expect(y1).toBeCloseTo(50, 9);
  });
  it("tilts with the plane: 45° rises one row per column", () => {
    // plane through (y = -100, z = 100) with normal (0, -sin, cos) at 45°: z - 100 = y + 100
    const line = referenceLine(target, axialAt(100, Math.PI / 4))!;
    for (const [x, y] of line) {
      const py = -149.5 + (x - 0.5);
      const pz = 149.5 - (y - 0.5);
      expect(pz - 100).toBeCloseTo(py + 100, 6);
    }
  });
  it("is null for parallel planes and for planes outside the image", () => {
    expect(referenceLine(target, sag(10).geometry)).toBeNull();
    expect(referenceLine(target, axialAt(400))).toBeNull();
  });
});
