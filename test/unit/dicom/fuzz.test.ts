import { describe, expect, it } from "vitest";
import { decodeFrame, readInstance } from "@/lib/dicom";
import { AppError } from "@/lib/errors/app-error";
import { fixture } from "./fixtures";

const FILES = [
  "pydicom/MR_small.dcm",
  "pydicom/MR_small_bigendian.dcm",
  "pydicom/MR_small_RLE.dcm",
  "pydicom/MR_small_jp2klossless.dcm",
  "pydicom/MR_small_jpeg_ls_lossless.dcm",
  "pydicom/SC_rgb_jpeg_gdcm.dcm",
  "pydicom/SC_rgb_small_odd_jpeg.dcm",
  "pydicom/SC_ybr_full_422_uncompressed.dcm",
  "pydicom/image_dfl.dcm",
  "pydicom/rtdose_rle.dcm",
];

/**
 * Mutation fuzzing with a fixed seed: random bytes overwritten (1–8 per file) and one file in five
 * cut short. Whatever happens, the reader either succeeds or throws an AppError — never a
 * TypeError, RangeError or a codec's own exception — and every codec keeps working afterwards
 * (2000 such cases once found codecs that could not be reloaded after a failure).
 */
describe("mutated files", () => {
  it("succeed or fail with an AppError, 400 seeded cases", async () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const sources = FILES.map((file) => fixture(file));
    const unexpected: string[] = [];
    for (let iteration = 0; iteration < 400; iteration++) {
      const index = Math.floor(random() * sources.length);
      const bytes = Buffer.from(sources[index]!);
      const flips = 1 + Math.floor(random() * 8);
      for (let i = 0; i < flips; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const length = random() < 0.2 ? Math.floor(random() * bytes.length) : bytes.length;
      try {
        const instance = readInstance(bytes.subarray(0, length), { allowMissingStudyUids: true });
        for (let frame = 0; frame < instance.meta.frames; frame++) await decodeFrame(instance, frame);
      } catch (error) {
        if (!(error instanceof AppError)) unexpected.push(`${FILES[index]} #${iteration}: ${String(error)}`);
      }
    }
    expect(unexpected).toEqual([]);
    // And the unmutated files still decode with every codec.
    for (const file of FILES) {
      const instance = readInstance(fixture(file), { allowMissingStudyUids: true });
      await expect(decodeFrame(instance, 0)).resolves.toBeDefined();
    }
  }, 120_000);
});
