import { describe, expect, it } from "vitest";
import { parseDicomBytes, pixelBytesOf, readInstanceMeta, storedPixelBytes } from "@/lib/dicom";
import { fixture } from "./fixtures";

describe("size limits", () => {
  it("computes pixel bytes without overflow for the largest header values", () => {
    // 65535² × 2^31 frames × 3 samples × 32 bits: far past 2^53, exact in BigInt.
    expect(pixelBytesOf(65535, 65535, 2 ** 31, 3, 32)).toBe(65535n * 65535n * 2n ** 31n * 3n * 4n);
    expect(pixelBytesOf(3, 3, 1, 1, 1)).toBe(2n); // 9 bits round up to 2 bytes
    expect(storedPixelBytes(2, 2, 1, 3, 8, "YBR_FULL_422")).toBe(8n);
  });

  it("refuses a header that claims more pixels than the limit, before touching pixel data", () => {
    expect(() => readInstanceMeta(fixture("generated/huge-claim.dcm"))).toThrow(expect.objectContaining({ code: "TOO_LARGE" }));
    // The same file under a tiny pixel limit: MR_small itself (8 kB of pixels) is refused.
    expect(() => readInstanceMeta(fixture("pydicom/MR_small.dcm"), { limits: { maxPixelBytes: 4096 } })).toThrow(/over the limit of 4096 bytes/);
  });

  it("refuses a file over the file-size limit", () => {
    expect(() => parseDicomBytes(fixture("pydicom/MR_small.dcm"), { limits: { maxFileBytes: 1000 } })).toThrow(expect.objectContaining({ code: "TOO_LARGE" }));
  });

  it("refuses too many frames", () => {
    expect(() => readInstanceMeta(fixture("pydicom/rtdose.dcm"), { limits: { maxFrames: 10 } })).toThrow(/15 frames, over the limit of 10/);
  });

  it("stops a deflated data set that inflates past the limit", () => {
    const file = "cswil/CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm";
    expect(() => parseDicomBytes(fixture(file), { limits: { maxInflatedBytes: 100_000 } })).toThrow(/inflates to more than 100000 bytes/);
    expect(parseDicomBytes(fixture(file)).transferSyntaxUid).toBe("1.2.840.10008.1.2.1.99");
  });
});
