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

describe("a JPEG 2000 codestream whose signedness disagrees with Pixel Representation", () => {
  it("is refused when values read differently under the two (pydicom's J2K_pixelrep_mismatch: unsigned 13-bit data, header signed)", async () => {
    await expect(decodeFrame(readFixture("pydicom/J2K_pixelrep_mismatch.dcm"), 0)).rejects.toMatchObject({
      code: "UNSUPPORTED_DICOM",
      userMessage: expect.stringMatching(/holds unsigned samples but the header says signed/),
    });
  });
  it("is decoded when every value reads the same (MR_small's signed codestream, header set unsigned, values 127..2145)", async () => {
    const instance = readFixture("pydicom/MR_small_jp2klossless.dcm");
    const expected = Array.from((await decodeFrame(instance, 0)).pixels);
    instance.meta.pixelRepresentation = 0;
    expect(Array.from((await decodeFrame(instance, 0)).pixels)).toEqual(expected);
  });
});
