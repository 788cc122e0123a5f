import { describe, expect, it } from "vitest";
import { sliceName } from "@/lib/viewer/slice-name";

describe("sliceName", () => {
  it("names a slice by plane, weighting, series number and instance number", () => {
    expect(sliceName({ plane: "AXIAL", weighting: "T2", seriesNumber: 4 }, { instanceNumber: 7, position: 3 })).toBe("Axial T2 (series 4) slice 7");
  });
  it("falls back to the stack position without an instance number", () => {
    expect(sliceName({ plane: "SAGITTAL", weighting: "T1", seriesNumber: 2 }, { instanceNumber: null, position: 9 })).toBe("Sagittal T1 (series 2) slice 9");
  });
  it("leaves out an unknown weighting and a missing series number", () => {
    expect(sliceName({ plane: "AXIAL", weighting: "OTHER", seriesNumber: null }, { instanceNumber: 3, position: 1 })).toBe("Axial slice 3");
  });
});
