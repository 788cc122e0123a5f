import { describe, expect, it } from "vitest";
import { classifyPlane, classifyWeighting, readInstanceMeta } from "@/lib/dicom";
import { fixture } from "./fixtures";

describe("readInstanceMeta", () => {
  it("reads the real lumbar axial T2 slice with its geometry", () => {
    const meta = readInstanceMeta(fixture("fodicom/GH1339.dcm"));
    expect(meta).toMatchObject({ rows: 320, columns: 320, frames: 1, bitsAllocated: 16, photometricInterpretation: "MONOCHROME2", modality: "MR" });
    expect(meta.transferSyntaxUid).toBe("1.2.840.10008.1.2.4.70");
    expect(meta.seriesDescription).toMatch(/t2_tse_tra/);
    const g = meta.geometry!;
    expect(g.pixelSpacing[0]).toBeGreaterThan(0);
    expect(Math.hypot(...g.rowCosines)).toBeCloseTo(1, 6);
    expect(classifyPlane(g)).toBe("axial");
    expect(classifyWeighting(meta)).toBe("T2");
    expect(meta.windowCenter).toBe(379);
    expect(meta.windowWidth).toBe(852);
  });

  it("keeps untrusted text verbatim (escaping is the renderer's job)", () => {
    expect(readInstanceMeta(fixture("generated/script-tag.dcm")).seriesDescription).toBe('<script>alert("discern")</script>');
    expect(readInstanceMeta(fixture("pydicom/examples_overlay.dcm")).seriesDescription).toBe("marked lesion<MPR Collection>");
  });

  it("warns, not fails, when geometry is missing", () => {
    const meta = readInstanceMeta(fixture("pydicom/SC_rgb_rle.dcm"));
    expect(meta.geometry).toBeUndefined();
    expect(meta.warnings.join(" ")).toMatch(/no usable geometry/);
  });

  it.each([
    ["pydicom/MR_small_implicit.dcm", "1.2.840.10008.1.2"],
    ["pydicom/MR_small.dcm", "1.2.840.10008.1.2.1"],
    ["pydicom/MR_small_bigendian.dcm", "1.2.840.10008.1.2.2"],
  ])("reads %s stripped to its raw data set (no preamble, no meta) as %s", (file, syntax) => {
    const part10 = fixture(file);
    // (0002,0000) File Meta Information Group Length is the first meta element: value at byte 140.
    const dataSetOnly = part10.subarray(144 + part10.readUInt32LE(140));
    const meta = readInstanceMeta(dataSetOnly);
    expect(meta.transferSyntaxUid).toBe(syntax);
    expect(meta.warnings[0]).toMatch(/no preamble/);
    expect(meta.rows).toBe(64);
    expect(meta.sopInstanceUid).toBe(readInstanceMeta(part10).sopInstanceUid);
  });

  it("notes trailing padding after the pixel data", () => {
    expect(readInstanceMeta(fixture("pydicom/MR_small_padded.dcm")).warnings.join(" ")).toMatch(/more than the header describes/);
  });
});
