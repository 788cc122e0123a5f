import { describe, expect, it } from "vitest";
import { pixelLengthMm } from "@/lib/findings";

describe("pixelLengthMm (PS3.3 C.7.6.2.1.1: Pixel Spacing = row spacing \\ column spacing)", () => {
  it("applies row spacing to vertical and column spacing to horizontal steps", () => {
    // Anisotropic pixels: rows 0.5 mm apart, columns 0.8 mm apart.
    expect(pixelLengthMm([10, 10], [10, 28], [0.5, 0.8])).toBeCloseTo(9, 10); // 18 rows × 0.5
    expect(pixelLengthMm([10, 10], [20, 10], [0.5, 0.8])).toBeCloseTo(8, 10); // 10 columns × 0.8
    expect(pixelLengthMm([0, 0], [3, 8], [0.5, 0.8])).toBeCloseTo(Math.hypot(2.4, 4), 10);
  });
  it("refuses a missing or non-positive spacing", () => {
    expect(() => pixelLengthMm([0, 0], [1, 1], [0, 0.5])).toThrow(RangeError);
    expect(() => pixelLengthMm([0, 0], [1, 1], [Number.NaN, 0.5])).toThrow(/Pixel Spacing/);
  });
});
