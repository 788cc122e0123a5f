import { describe, expect, it } from "vitest";
import type { ImageGeometry, Vec3 } from "@/lib/dicom/types";
import { selectSeries, spinePlane, type SeriesInstance } from "@/lib/geometry";

const geometry = (row: Vec3, col: Vec3, frame = "F1"): ImageGeometry => ({
  imagePositionPatient: [0, 0, 0],
  rowCosines: row,
  columnCosines: col,
  pixelSpacing: [1, 1],
  rows: 10,
  columns: 10,
  frameOfReferenceUid: frame,
});
const SAG = geometry([0, 1, 0], [0, 0, -1]);
const AX = geometry([1, 0, 0], [0, 1, 0]);
const COR = geometry([1, 0, 0], [0, 0, -1]);
const T2 = { echoTime: 100, repetitionTime: 4000 };
const T1 = { echoTime: 10, repetitionTime: 500 };

let sop = 0;
function series(uid: string, n: number, extra: Partial<SeriesInstance>): SeriesInstance[] {
  return Array.from({ length: n }, () => ({ studyInstanceUid: "S", seriesInstanceUid: uid, sopInstanceUid: `i${sop++}`, ...extra }));
}

describe("selectSeries", () => {
  it("keeps the sagittal T2 and the axial T2 series and gives a reason for every other", () => {
    const result = selectSeries([
      ...series("loc", 3, { geometry: SAG, imageType: ["ORIGINAL", "PRIMARY", "LOCALIZER"], ...T2 }),
      ...series("sagT1", 11, { geometry: SAG, seriesDescription: "T1 TSE SAG", ...T1, seriesNumber: 3 }),
      ...series("sagT2", 15, { geometry: SAG, seriesDescription: "T2 TSE SAG", ...T2, seriesNumber: 2 }),
      ...series("ax2", 4, { geometry: AX, ...T2, seriesNumber: 5 }),
      ...series("ax1", 4, { geometry: AX, ...T2, seriesNumber: 4 }),
      ...series("cor", 5, { geometry: COR, ...T2, seriesNumber: 6 }),
      ...series("axOther", 4, { geometry: geometry([1, 0, 0], [0, 1, 0], "F2"), ...T2, seriesNumber: 7 }),
      ...series("nogeo", 2, { ...T2 }),
    ]);
    expect(result.studyInstanceUid).toBe("S");
    expect(result.sagittal).toBe("sagT2");
    expect(result.axial).toEqual(["ax1", "ax2"]);
    expect(Object.fromEntries(result.ignored.map((i) => [i.seriesInstanceUid, i.reason]))).toEqual({
      loc: "localiser",
      sagT1: "T1-weighted, not T2",
      cor: "coronal plane",
      axOther: "different frame of reference from the sagittal series",
      nogeo: "images without position, orientation or spacing",
    });
  });
  it("recognises localisers by name, splits a series that mixes planes, and keeps the largest of two sagittal T2 series", () => {
    const result = selectSeries([
      ...series("scout", 1, { geometry: SAG, seriesDescription: "3-plane loc", ...T2 }),
      ...series("mixed", 1, { geometry: SAG, ...T2 }),
      ...series("mixed", 1, { geometry: AX, ...T2 }),
      ...series("small", 9, { geometry: SAG, ...T2 }),
      ...series("big", 13, { geometry: SAG, ...T2 }),
    ]);
    expect(result.sagittal).toBe("big");
    // One image per plane: neither is a stray of the other, so each plane becomes its own stack.
    expect(result.ignored.map((i) => [i.seriesInstanceUid, i.reason])).toEqual([
      ["scout", "localiser"],
      ["small", "another sagittal T2 series (the largest is used)"],
      ["mixed", "sagittal: another sagittal T2 series (the largest is used)"],
    ]);
    expect(result.axial).toEqual(["mixed"]);
  });
  it("analyses the study with the most images when a folder holds two", () => {
    const result = selectSeries([...series("a", 3, { geometry: SAG, ...T2 }), ...series("b", 2, { geometry: AX, ...T2, studyInstanceUid: "other" })]);
    expect(result.studyInstanceUid).toBe("S");
    expect(result.ignored).toEqual([{ seriesInstanceUid: "b", reason: "belongs to another study in the folder" }]);
  });
});

describe("spinePlane", () => {
  const tilted = (deg: number): ImageGeometry => {
    const t = (deg * Math.PI) / 180;
    return geometry([1, 0, 0], [0, Math.cos(t), Math.sin(t)]);
  };
  it("keeps steep disc-parallel stacks axial up to 60° and leaves coronal planes coronal", () => {
    expect(spinePlane(tilted(30))).toBe("axial");
    expect(spinePlane(tilted(52))).toBe("axial");
    expect(spinePlane(tilted(-58))).toBe("axial");
    expect(spinePlane(tilted(65))).toBe("coronal");
    expect(spinePlane(COR)).toBe("coronal");
    expect(spinePlane(SAG)).toBe("sagittal");
  });
  it("selects a 52° L5–S1 stack with the other axial series", () => {
    const result = selectSeries([
      ...series("sag", 13, { geometry: SAG, ...T2 }),
      ...series("l45", 4, { geometry: tilted(20), ...T2, seriesNumber: 3 }),
      ...series("l5s1", 4, { geometry: tilted(52), ...T2, seriesNumber: 4 }),
    ]);
    expect(result.axial).toEqual(["l45", "l5s1"]);
  });
});
