import { describe, expect, it } from "vitest";
import type { Box } from "@/lib/dicom/types";
import { canonicalSagittal } from "@/lib/pipeline/canonical-sagittal";

// A 3-column, 2-row frame: row 0 = 0 1 2, row 1 = 3 4 5.
const frame = { width: 3, height: 2, pixels: Float32Array.from([0, 1, 2, 3, 4, 5]) };
const HEAD_UP = { rowCosines: [0, 1, 0] as [number, number, number], columnCosines: [0, 0, -1] as [number, number, number] };

describe("canonicalSagittal", () => {
  it("leaves a head-up, anterior-left image alone", () => {
    const v = canonicalSagittal(frame, HEAD_UP);
    expect(v.frame).toBe(frame);
    expect(v.ops).toEqual({ transpose: false, flipH: false, flipV: false });
  });

  it("flips a feet-up image top to bottom and maps boxes back", () => {
    const v = canonicalSagittal(frame, { rowCosines: [0, 1, 0], columnCosines: [0, 0, 1] });
    expect(Array.from(v.frame.pixels)).toEqual([3, 4, 5, 0, 1, 2]);
    // Canonical box over row 0, columns 1–2 is source row 1 (y 1..2).
    expect(v.toSource([1, 0, 3, 1])).toEqual([1, 1, 3, 2]);
  });

  it("mirrors an image whose columns run anteriorly", () => {
    const v = canonicalSagittal(frame, { rowCosines: [0, -1, 0], columnCosines: [0, 0, -1] });
    expect(Array.from(v.frame.pixels)).toEqual([2, 1, 0, 5, 4, 3]);
    expect(v.toSource([0, 0, 1, 2])).toEqual([2, 0, 3, 2]);
  });

  it("transposes an image whose columns run head to feet", () => {
    // Columns run feet-ward (−z), rows run posteriorly (+y): canonical rows = source columns.
    const v = canonicalSagittal(frame, { rowCosines: [0, 0, -1], columnCosines: [0, 1, 0] });
    expect([v.frame.width, v.frame.height]).toEqual([2, 3]);
    // Canonical (row i, col j) = source (row j, col i): rows 0 3 / 1 4 / 2 5.
    expect(Array.from(v.frame.pixels)).toEqual([0, 3, 1, 4, 2, 5]);
    const box: Box = [1, 0, 2, 2]; // canonical column 1 (source row 1), rows 0..2 (source columns 0..2)
    expect(v.toSource(box)).toEqual([0, 1, 2, 2]);
  });

  it("round-trips every pixel through flips and a transpose together", () => {
    const g = { rowCosines: [0, 0, 1] as [number, number, number], columnCosines: [0, -1, 0] as [number, number, number] };
    const v = canonicalSagittal(frame, g);
    expect(v.ops).toEqual({ transpose: true, flipH: true, flipV: true });
    // Each canonical pixel box maps back to the source pixel holding the same value.
    for (let i = 0; i < v.frame.height; i++) {
      for (let j = 0; j < v.frame.width; j++) {
        const [x0, y0] = v.toSource([j, i, j + 1, i + 1]);
        expect(frame.pixels[y0 * frame.width + x0]).toBe(v.frame.pixels[i * v.frame.width + j]);
      }
    }
  });
});
