import { describe, expect, it } from "vitest";
import type { ImageGeometry } from "@/lib/dicom/types";
import { pickVertebrae } from "@/lib/pipeline/pick-vertebrae";

// A sagittal image: x (columns) runs anterior→posterior (+y LPS), y (rows) runs head→feet (−z),
// 1 mm pixels, top-left pixel centre at z = 0. A box centred on row r sits at z = −(r − 0.5).
const geometry: ImageGeometry = {
  imagePositionPatient: [0, 0, 0],
  rowCosines: [0, 1, 0],
  columnCosines: [0, 0, -1],
  pixelSpacing: [1, 1],
  rows: 256,
  columns: 256,
};
const box = (row: number): [number, number, number, number] => [100, row - 10, 140, row + 10];
const det = (label: string, row: number, score: number) => ({ label, score, box: box(row) });

describe("pickVertebrae", () => {
  it("keeps one box per label in anatomical order and reports what is missing or weak", () => {
    const p = pickVertebrae([det("L1", 40, 0.9), det("L2", 80, 0.95), det("L3", 120, 0.4), det("L5", 200, 0.9), det("S1", 240, 0.8)], geometry);
    expect(p.vertebrae.map((v) => v.label)).toEqual(["L1", "L2", "L3", "L5", "S1"]);
    expect(p.missing).toEqual(["L4"]);
    expect(p.lowScore).toEqual(["L3"]);
    expect(p.dropped).toEqual([]);
    // Centre of the L2 box: pixel (120, 80) → z = −79.5 mm.
    expect(p.vertebrae[1]!.centerPatient[2]).toBeCloseTo(-79.5, 9);
  });

  it("drops the weaker of two labels that break the order", () => {
    // L3 detected above L2 (a swapped pair): keeping L2 (0.9) beats keeping L3 (0.6).
    const p = pickVertebrae([det("L1", 40, 0.9), det("L2", 120, 0.9), det("L3", 80, 0.6), det("L4", 160, 0.9)], geometry);
    expect(p.vertebrae.map((v) => v.label)).toEqual(["L1", "L2", "L4"]);
    expect(p.dropped.map((d) => d.label)).toEqual(["L3"]);
    expect(p.missing).toEqual(["L3", "L5", "S1"]);
  });

  it("refuses two labels on the same body (closer than the minimum step) and picks the best of several candidates", () => {
    const p = pickVertebrae([det("L4", 160, 0.7), det("L5", 165, 0.9), det("L5", 200, 0.6), det("S1", 240, 0.9)], geometry);
    // L4@160 + L5@200 + S1@240 = 2.2 beats L5@165 + S1@240 = 1.8.
    expect(p.vertebrae.map((v) => [v.label, v.score])).toEqual([
      ["L4", 0.7],
      ["L5", 0.6],
      ["S1", 0.9],
    ]);
  });

  it("orders by patient z, so a feet-first (flipped rows) image gives the same answer", () => {
    const flipped: ImageGeometry = { ...geometry, imagePositionPatient: [0, 0, -255], columnCosines: [0, 0, 1] };
    // Row r now sits at z = −255 + (r − 0.5): L1 must be at the bottom of the image.
    const p = pickVertebrae([det("L1", 220, 0.9), det("L2", 180, 0.9), det("L3", 140, 0.9)], flipped);
    expect(p.vertebrae.map((v) => v.label)).toEqual(["L1", "L2", "L3"]);
    const wrong = pickVertebrae([det("L1", 140, 0.9), det("L2", 180, 0.8), det("L3", 220, 0.7)], flipped);
    expect(wrong.vertebrae.map((v) => v.label)).toEqual(["L1"]);
  });

  it("returns nothing from nothing", () => {
    const p = pickVertebrae([det("T12", 10, 0.99)], geometry);
    expect(p.vertebrae).toEqual([]);
    expect(p.missing).toHaveLength(6);
  });
});

describe("clipBox", () => {
  it("clips to the image and drops degenerate or off-image boxes", async () => {
    const { clipBox } = await import("@/lib/pipeline/clip-box");
    expect(clipBox([-5, 10, 50, 300], 256, 256)).toEqual([0, 10, 50, 256]);
    expect(clipBox([10, 10, 5, 20], 256, 256)).toBeNull();
    expect(clipBox([300, 10, 320, 20], 256, 256)).toBeNull();
    expect(clipBox([10, 10, 10.5, 20], 256, 256)).toBeNull();
  });
});
