import { describe, expect, it } from "vitest";
import { classifyPlane, classifyWeighting, planeNormal, type Vec3 } from "@/lib/dicom";

const deg = Math.PI / 180;

/** Orientation of an axial slice tilted by `angle` degrees about the patient's left–right axis. */
function tiltedAxial(angle: number): { rowCosines: Vec3; columnCosines: Vec3 } {
  return { rowCosines: [1, 0, 0], columnCosines: [0, Math.cos(angle * deg), -Math.sin(angle * deg)] };
}

describe("classifyPlane (LPS normal = row × column)", () => {
  it.each([
    ["axial", [1, 0, 0], [0, 1, 0]],
    ["axial (flipped rows: feet-first)", [-1, 0, 0], [0, 1, 0]],
    ["sagittal", [0, 1, 0], [0, 0, -1]],
    ["coronal", [1, 0, 0], [0, 0, -1]],
  ] as [string, Vec3, Vec3][])("%s", (name, rowCosines, columnCosines) => {
    expect(classifyPlane({ rowCosines, columnCosines })).toBe(name.split(" ")[0]);
  });

  it("keeps disc-parallel axial stacks axial up to the 45° threshold", () => {
    expect(classifyPlane(tiltedAxial(20))).toBe("axial");
    expect(classifyPlane(tiltedAxial(35))).toBe("axial"); // a steep L5–S1 stack
    expect(classifyPlane(tiltedAxial(44))).toBe("axial");
    expect(classifyPlane(tiltedAxial(46))).toBe("coronal");
  });

  it("calls a double-oblique plane oblique", () => {
    // Normal along (1, 1, 1)/√3: 54.7° from every axis.
    const r = 1 / Math.sqrt(2);
    const rowCosines: Vec3 = [r, -r, 0];
    const columnCosines: Vec3 = [-1 / Math.sqrt(6), -1 / Math.sqrt(6), 2 / Math.sqrt(6)];
    const n = planeNormal({ rowCosines, columnCosines });
    expect(Math.abs(n[0])).toBeCloseTo(1 / Math.sqrt(3));
    expect(classifyPlane({ rowCosines, columnCosines })).toBe("oblique");
    // With a wider threshold the same plane counts as its nearest axis.
    expect(classifyPlane({ rowCosines, columnCosines }, 60)).not.toBe("oblique");
  });

  it("is oblique for degenerate (parallel) cosines", () => {
    expect(classifyPlane({ rowCosines: [1, 0, 0], columnCosines: [1, 0, 0] })).toBe("oblique");
  });
});

describe("classifyWeighting", () => {
  it.each([
    ["t2_tse_sag_384", undefined, undefined, "T2"],
    ["SAG T1 FSE", undefined, undefined, "T1"],
    ["AX T2W", undefined, undefined, "T2"],
    ["PD_SPAIR cor", undefined, undefined, "PD"],
    ["Proton Density", undefined, undefined, "PD"],
    ["MT2 something", 100, 4000, "T2"], // "MT2" is not a T2 token; timing decides
    [undefined, 12, 500, "T1"],
    [undefined, 110, 3500, "T2"],
    [undefined, 20, 3000, "PD"],
    [undefined, 4, 8, "T1"], // spoiled gradient echo: T1-weighted too
    [undefined, 45, 1200, "other"], // intermediate timing
    ["T1 and T2 combo", 100, 3000, "T2"], // ambiguous text: timing decides
    ["localizer", undefined, undefined, "other"],
  ] as [string | undefined, number | undefined, number | undefined, string][])("%s TE=%s TR=%s → %s", (seriesDescription, echoTime, repetitionTime, expected) => {
    expect(classifyWeighting({ seriesDescription, echoTime, repetitionTime })).toBe(expected);
  });
});
