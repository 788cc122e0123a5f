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

describe("native pixel data whose byte order cannot be known", () => {
  it("big endian with 16-bit samples stored as OB is refused with a reason, not guessed", async () => {
    const instance = readFixture("pydicom/MR_small_expb.dcm");
    await expect(decodeFrame(instance, 0)).resolves.toBeDefined(); // as OW it decodes
    instance.dataSet.elements.x7fe00010!.vr = "OB";
    await expect(decodeFrame(instance, 0)).rejects.toMatchObject({ code: "UNSUPPORTED_DICOM", userMessage: expect.stringMatching(/16-bit samples as OB/) });
  });

  it("overlay bits above Bits Stored are masked off (12 stored in 16 allocated, bit 15 set)", async () => {
    const instance = readFixture("pydicom/MR_small.dcm");
    const before = Array.from((await decodeFrame(instance, 0)).pixels);
    const e = instance.dataSet.elements.x7fe00010!;
    const data = instance.dataSet.byteArray;
    for (let k = 0; k < 64 * 64; k++) data[e.dataOffset + 2 * k + 1]! |= 0x80; // an overlay plane in bit 15
    instance.meta.bitsStored = 12;
    instance.meta.pixelRepresentation = 0;
    const after = Array.from((await decodeFrame(instance, 0)).pixels);
    expect(after).toEqual(before.map((v) => v & 0xfff));
  });
});
