import { describe, expect, it } from "vitest";
import type { Vec3 } from "@/lib/dicom/types";
import { axialAxes, axialGeometry, reformatAxial } from "@/lib/realdata/axial-reformat";
import { discPlanesFromBodies, thinAxis } from "@/lib/realdata/disc-planes";
import { averageSlab, planSlabs, slabGeometry } from "@/lib/realdata/sagittal-slabs";
import { labelPoints, patientToVoxel, voxelIndex, voxelToPatient, type Volume } from "@/lib/realdata/volume";

/** A volume of shape [rows, columns, slices] whose voxel (r, c, s) holds f(r, c, s). */
function volume<T extends Uint8Array | Uint16Array>(make: (n: number) => T, rows: number, columns: number, slices: number, f: (r: number, c: number, s: number) => number): Volume<T> {
  const v = { rows, columns, slices, data: make(rows * columns * slices) };
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) for (let s = 0; s < slices; s++) v.data[voxelIndex(v, r, c, s)] = f(r, c, s);
  return v;
}
const u8 = (n: number) => new Uint8Array(n);
const u16 = (n: number) => new Uint16Array(n);
const close = (a: Vec3, b: Vec3) => a.forEach((x, k) => expect(x).toBeCloseTo(b[k]!, 6));

describe("volume coordinates", () => {
  it("puts the volume's centre at the isocentre: rows go inferior, columns posterior, slices left (LPS mm)", () => {
    const v = volume(u8, 11, 21, 5, () => 0);
    close(voxelToPatient(v, 5, 10, 2), [0, 0, 0]);
    close(voxelToPatient(v, 0, 0, 0), [-2, -10, 5]);
    expect(patientToVoxel(v, [-2, -10, 5])).toEqual([0, 0, 0]);
  });
});

describe("sagittal slabs", () => {
  it("plans an odd number of contiguous slabs with the middle one centred on the spine", () => {
    expect(planSlabs(24, 4, 11.5)).toEqual([
      { first: 2, last: 5 },
      { first: 6, last: 9 },
      { first: 10, last: 13 },
      { first: 14, last: 17 },
      { first: 18, last: 21 },
    ]);
    // Spine off-centre at slice 3: the middle slab is 2..5 and none fits on its right.
    expect(planSlabs(24, 4, 3.5)).toEqual([{ first: 2, last: 5 }]);
    // 3 mm: middle slab 10..12 (centre 11), three more each side.
    const three = planSlabs(24, 3, 11);
    expect(three).toHaveLength(7);
    expect(three[3]).toEqual({ first: 10, last: 12 });
    expect(three[0]).toEqual({ first: 1, last: 3 });
    expect(() => planSlabs(3, 4, 1)).toThrow(RangeError);
  });

  it("averages the slab's slices and places the image at its mid-thickness with IOP 0\\1\\0\\0\\0\\-1", () => {
    const v = volume(u8, 10, 12, 24, (r, c, s) => s * 2 + (r === 3 && c === 4 ? 100 : 0));
    const pixels = averageSlab(v, { first: 10, last: 13 });
    expect(pixels).toHaveLength(10 * 12);
    expect(pixels[0]).toBeCloseTo(23, 6); // mean of 20, 22, 24, 26
    expect(pixels[3 * 12 + 4]).toBeCloseTo(123, 6); // pixel (row 3, column 4) ↔ voxel (3, 4, ·)
    const g = slabGeometry(v, { first: 10, last: 13 }, "1.2.3");
    // Voxel (0, 0, 11.5): x = 11.5 − 11.5, y = 0 − 5.5, z = 4.5 − 0.
    close(g.imagePositionPatient, [0, -5.5, 4.5]);
    expect(g.rowCosines).toEqual([0, 1, 0]);
    expect(g.columnCosines).toEqual([0, 0, -1]);
    expect(g.sliceThickness).toBe(4);
    expect([g.rows, g.columns]).toEqual([10, 12]);
  });
});

describe("axial reformats", () => {
  it("has the IPP and IOP computed by hand for a true axial and a tilted disc", () => {
    const straight = axialGeometry({ centre: [0, 0, 0], normal: [0, 0, 1], rows: 4, columns: 4, pixelMm: 1, thicknessMm: 4 }, "1.2");
    close(straight.rowCosines, [1, 0, 0]);
    close(straight.columnCosines, [0, 1, 0]);
    close(straight.imagePositionPatient, [-1.5, -1.5, 0]);
    // Normal tilted about x: (0, −0.6, 0.8). Row stays x; column = n × row = (0, 0.8, 0.6).
    const tilted = axialGeometry({ centre: [10, 20, 30], normal: [0, -0.6, 0.8], rows: 4, columns: 4, pixelMm: 2, thicknessMm: 4 }, "1.2");
    close(tilted.rowCosines, [1, 0, 0]);
    close(tilted.columnCosines, [0, 0.8, 0.6]);
    // IPP = centre − 3·row − 3·column (1.5 pixels of 2 mm each way).
    close(tilted.imagePositionPatient, [7, 17.6, 28.2]);
    expect(tilted.pixelSpacing).toEqual([2, 2]);
  });

  it("keeps rows towards patient left and columns posterior, whatever the tilt", () => {
    const { row, column } = axialAxes([0.1, 0.3, 0.9]);
    expect(row[0]).toBeGreaterThan(0.9);
    expect(column[1]).toBeGreaterThan(0.9);
    const n: Vec3 = [0.1, 0.3, 0.9].map((x) => x / Math.hypot(0.1, 0.3, 0.9)) as Vec3;
    expect(row[0] * n[0] + row[1] * n[1] + row[2] * n[2]).toBeCloseTo(0, 9);
    expect(column[0] * n[0] + column[1] * n[1] + column[2] * n[2]).toBeCloseTo(0, 9);
  });

  it("cuts a known bright plane: fully bright on it, half through a 4 mm slab, dark 3 mm away", () => {
    // 41³ volume; row 20 is z = 0: bright (100) there, 0 elsewhere.
    const v = volume(u8, 41, 41, 41, (r) => (r === 20 ? 100 : 0));
    const spec = { centre: [0, 0, 0] as Vec3, normal: [0, 0, 1] as Vec3, rows: 21, columns: 21, pixelMm: 1, thicknessMm: 1 };
    expect(new Set(reformatAxial(v, spec))).toEqual(new Set([100]));
    expect(new Set(reformatAxial(v, { ...spec, centre: [0, 0, 3] }))).toEqual(new Set([0]));
    // 4 mm: samples at z = −1.5, −0.5, 0.5, 1.5 read 0, 50, 50, 0 → 25.
    const slab = reformatAxial(v, { ...spec, thicknessMm: 4 });
    slab.forEach((x) => expect(x).toBeCloseTo(25, 6));
  });

  it("follows an oblique plane: a field linear along the disc normal reads constant across the image", () => {
    const n: Vec3 = [0, -0.6, 0.8];
    const v0 = volume(u16, 61, 61, 61, () => 0);
    const v = volume(u16, 61, 61, 61, (r, c, s) => {
      const p = voxelToPatient(v0, r, c, s);
      return Math.round(1000 + 10 * (p[0] * n[0] + p[1] * n[1] + p[2] * n[2]));
    });
    for (const offset of [0, 5]) {
      const centre: Vec3 = [n[0] * offset, n[1] * offset, n[2] * offset];
      const image = reformatAxial(v, { centre, normal: n, rows: 31, columns: 31, pixelMm: 1, thicknessMm: 1 });
      for (const x of image) expect(Math.abs(x - (1000 + 10 * offset))).toBeLessThanOrEqual(0.5);
    }
  });
});

describe("disc planes", () => {
  it("puts the disc midway between the facing endplates of two labelled bodies, normal along the spine", () => {
    // Rows 10..19 = L4 (value 4), rows 26..35 = L5 (value 5); rows run inferior, so L4 is above.
    const v = volume(u8, 50, 20, 20, (r, c, s) => (c >= 5 && c < 15 && s >= 5 && s < 15 ? (r >= 10 && r <= 19 ? 4 : r >= 26 && r <= 35 ? 5 : 0) : 0));
    const planes = discPlanesFromBodies(
      new Map([
        ["L4", labelPoints(v, 4)],
        ["L5", labelPoints(v, 5)],
      ]),
    );
    expect(planes).toHaveLength(1);
    expect(planes[0]!.level).toBe("L4-L5");
    close(planes[0]!.normal, [0, 0, 1]);
    // Facing endplates at rows 19 and 26 → disc centre at row 22.5: z = 24.5 − 22.5 = 2; x, y at the bodies' centre.
    close(planes[0]!.centre, voxelToPatient(v, 22.5, 9.5, 9.5));
    expect(planes[0]!.centre[2]).toBeCloseTo(2, 6);
  });

  it("takes a disc's thin axis as its normal, pointing cranially", () => {
    const n: Vec3 = [0, 0.6, 0.8];
    const u: Vec3 = [1, 0, 0];
    const w: Vec3 = [0, 0.8, -0.6];
    const points: number[] = [];
    for (let a = -15; a <= 15; a++) for (let b = -20; b <= 20; b++) for (const h of [-3, -1, 1, 3]) points.push(...[0, 1, 2].map((k) => a * u[k]! + b * w[k]! + h * n[k]!));
    close(thinAxis(Float64Array.from(points)), n);
    const flipped = Float64Array.from(points.map((x) => -x));
    close(thinAxis(flipped), n);
  });
});
