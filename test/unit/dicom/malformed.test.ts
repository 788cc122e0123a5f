import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { decodeFrame, pixelHash, readInstance, readInstanceMeta } from "@/lib/dicom";
import { fixture } from "./fixtures";

/** Reads and decodes every frame; returns the AppError it threw (or fails the test). */
async function rejection(file: string): Promise<AppError> {
  try {
    const instance = readInstance(fixture(file), { allowMissingStudyUids: true });
    for (let i = 0; i < instance.meta.frames; i++) await decodeFrame(instance, i);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`${file} was accepted`);
}

function expectOneSentence(message: string): void {
  expect(message).toMatch(/^[A-Z].*[.]$/);
  expect(message).not.toMatch(/\n|dicomParser|undefined|\[object/);
  expect(message.length).toBeLessThan(200);
}

const CASES: [file: string, code: string, pattern: RegExp][] = [
  ["pydicom/MR_truncated.dcm", "INVALID_DICOM", /truncated/],
  ["pydicom/rtplan_truncated.dcm", "INVALID_DICOM", /truncated/],
  ["pydicom/SC_rgb_jpeg.dcm", "INVALID_DICOM", /truncated|past the end/],
  ["pydicom/meta_missing_tsyntax.dcm", "INVALID_DICOM", /Transfer Syntax/],
  ["pydicom/nested_priv_SQ.dcm", "INVALID_DICOM", /truncated|past the end/],
  ["pydicom/no_meta.dcm", "INVALID_DICOM", /not DICOM/],
  ["pydicom/JPEG2000-embedded-sequence-delimiter.dcm", "INVALID_DICOM", /3722445056 × 1024 pixels but the header says 256 × 1024/],
  ["pydicom/test-SR.dcm", "UNSUPPORTED_DICOM", /not an image/],
  ["pydicom/ExplVR_LitEndNoMeta.dcm", "UNSUPPORTED_DICOM", /not an image/],
  ["pydicom/ExplVR_BigEndNoMeta.dcm", "UNSUPPORTED_DICOM", /not an image/],
  ["cswil/no-pixel-data.dcm", "UNSUPPORTED_DICOM", /lacks .*Pixel Data/],
  ["generated/deep-nesting.dcm", "INVALID_DICOM", /nested too deeply/],
  ["generated/truncated-header.dcm", "INVALID_DICOM", /truncated|past the end/],
  ["generated/empty.dcm", "INVALID_DICOM", /too short/],
  ["generated/noise.bin", "INVALID_DICOM", /not DICOM/],
  ["generated/notes.txt", "INVALID_DICOM", /not DICOM/],
  ["generated/size-mismatch.dcm", "INVALID_DICOM", /holds 8192 bytes but the header claims 524288 bytes/],
  ["generated/huge-claim.dcm", "TOO_LARGE", /85888134827550 bytes/],
];

describe("malformed files are rejected with one clear sentence", () => {
  it.each(CASES)("%s → %s", async (file, code, pattern) => {
    const error = await rejection(file);
    expect(error.code).toBe(code);
    expect(error.userMessage).toMatch(pattern);
    expectOneSentence(error.userMessage);
  });

  it("readInstanceMeta refuses a file without Study Instance UID unless told to be lenient", () => {
    expect(() => readInstanceMeta(fixture("pydicom/JPEGLSNearLossless_08.dcm"))).toThrow(/no Study Instance UID/);
    expect(readInstanceMeta(fixture("pydicom/JPEGLSNearLossless_08.dcm"), { allowMissingStudyUids: true }).studyInstanceUid).toBe("");
  });

  it("a corrupted JPEG 2000 codestream is an error, never a crash, and the codec still works afterwards", async () => {
    const bytes = Buffer.from(fixture("pydicom/MR_small_jp2klossless.dcm"));
    const element = readInstance(bytes).dataSet.elements.x7fe00010!;
    const fragment = element.fragments![0]!;
    // Keep the SIZ header (first 60 bytes), wreck the rest of the codestream.
    bytes.fill(0xff, fragment.position + 60, fragment.position + fragment.length);
    const outcome = await decodeFrame(readInstance(bytes), 0).then(
      () => "decoded",
      (error: unknown) => (error instanceof AppError ? error.code : "crash"),
    );
    expect(["INVALID_DICOM", "decoded"]).toContain(outcome);
    const good = await decodeFrame(readInstance(fixture("pydicom/MR_small_jp2klossless.dcm")), 0);
    expect(good.pixels.length).toBe(64 * 64);
  });

  it("keeps a complete image whose file has junk after the pixel data, with a warning", async () => {
    const instance = readInstance(fixture("generated/trailing-junk.dcm"));
    expect(instance.meta.warnings.join(" ")).toMatch(/unreadable data after the pixel data/);
    const [junk, clean] = await Promise.all([pixelHash(instance), pixelHash(readInstance(fixture("pydicom/MR_small.dcm")))]);
    expect(junk).toBe(clean);
  });

  it("reports a frame index out of range", async () => {
    await expect(decodeFrame(readInstance(fixture("pydicom/MR_small.dcm")), 1)).rejects.toThrow(/Frame 1 does not exist/);
  });
});
