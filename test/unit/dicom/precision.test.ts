import { describe, expect, it } from "vitest";
import { decodeFrame } from "@/lib/dicom";
import { readFixture } from "./fixtures";

// Field case 15 (../shared/bugcases/15-*): a codestream whose sample precision (8) is below Bits
// Allocated (16). Fixtures made by GDCM from pydicom's MR_small (test/fixtures/dicom/precision/make.py).
describe("sample size comes from the codestream, not from Bits Allocated", () => {
  it.each(["p8-jll-ba16.dcm", "p8-jls-ba16.dcm", "p8-j2k-ba16.dcm"])("%s decodes to MR_small's values >> 4, like the uncompressed twin", async (name) => {
    const source = await decodeFrame(readFixture("pydicom/MR_small.dcm"), 0);
    const expected = Array.from(source.pixels, (v) => v >> 4);
    const twin = await decodeFrame(readFixture("precision/u8in16.dcm"), 0);
    expect(Array.from(twin.pixels)).toEqual(expected);
    const frame = await decodeFrame(readFixture(`precision/${name}`), 0);
    expect(Array.from(frame.pixels)).toEqual(expected);
  });

  it("refuses a JPEG codestream wider than the header's allocation instead of returning wrong pixels", async () => {
    const instance = readFixture("fodicom/GH1339.dcm"); // JPEG lossless SV1, precision 12
    instance.meta.bitsAllocated = 8;
    instance.meta.bitsStored = 8;
    await expect(decodeFrame(instance, 0)).rejects.toMatchObject({ code: "UNSUPPORTED_DICOM", userMessage: expect.stringMatching(/12-bit samples but the header allocates 8 bits/) });
  });
});
