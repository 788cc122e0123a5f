import { describe, expect, it } from "vitest";
import type { ImageGeometry } from "@/lib/dicom/types";
import { boxCenterToPatient, patientToPixel, pixelToPatient, planeNormal, signedDistanceToPlane } from "@/lib/geometry";

/** A true axial image: columns → patient left (+x), rows → posterior (+y), 0.5 mm × 0.8 mm pixels. */
const axial: ImageGeometry = {
  imagePositionPatient: [-100, -80, 30],
  rowCosines: [1, 0, 0],
  columnCosines: [0, 1, 0],
  pixelSpacing: [0.8, 0.5], // [row spacing (y step), column spacing (x step)]
  rows: 200,
  columns: 400,
};

/** A standard sagittal image: columns → posterior, rows → feet. */
const sagittal: ImageGeometry = {
  imagePositionPatient: [2, -150, 150],
  rowCosines: [0, 1, 0],
  columnCosines: [0, 0, -1],
  pixelSpacing: [1, 1],
  rows: 300,
  columns: 300,
};

describe("pixelToPatient / patientToPixel", () => {
  it("puts the centre of the top-left pixel at IPP", () => {
    expect(pixelToPatient(axial, [0.5, 0.5])).toEqual([-100, -80, 30]);
  });
  it("steps columns along rowCosines by the column spacing and rows along columnCosines by the row spacing", () => {
    // pixel (column 10, row 20) centre: x = -100 + 10·0.5, y = -80 + 20·0.8
    expect(pixelToPatient(axial, [10.5, 20.5])).toEqual([-95, -64, 30]);
    // the outer corner is half a pixel before the centre
    const corner = pixelToPatient(axial, [0, 0]);
    expect(corner[0]).toBeCloseTo(-100.25, 12);
    expect(corner[1]).toBeCloseTo(-80.4, 12);
  });
  it("maps sagittal pixels to y (columns) and −z (rows)", () => {
    expect(pixelToPatient(sagittal, [100.5, 50.5])).toEqual([2, -50, 100]);
  });
  it("inverts pixelToPatient and projects off-plane points orthogonally", () => {
    expect(patientToPixel(axial, [-95, -64, 30])).toEqual([10.5, 20.5]);
    expect(patientToPixel(axial, [-95, -64, 77])).toEqual([10.5, 20.5]);
    expect(patientToPixel(sagittal, [40, -50, 100])).toEqual([100.5, 50.5]);
  });
});

describe("planeNormal / signedDistanceToPlane", () => {
  it("is rowCosines × columnCosines", () => {
    expect(planeNormal(axial)).toEqual([0, 0, 1]);
    expect(planeNormal(sagittal)).toEqual([-1, 0, 0]);
  });
  it("measures along the normal from the plane, in mm", () => {
    expect(signedDistanceToPlane(axial, [0, 0, 35])).toBe(5);
    expect(signedDistanceToPlane(axial, [12, -7, 20])).toBe(-10);
    expect(signedDistanceToPlane(sagittal, [10, 0, 0])).toBe(-8);
  });
});

describe("boxCenterToPatient", () => {
  it("maps the centre of a corner-origin box through the image geometry", () => {
    // box [100, 40, 131, 61] → centre (115.5, 50.5) = pixel (115, 50) centre → y = -150 + 115, z = 150 - 50
    expect(boxCenterToPatient(sagittal, [100, 40, 131, 61])).toEqual([2, -35, 100]);
  });
});
