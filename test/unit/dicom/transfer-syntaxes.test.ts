import { describe, expect, it } from "vitest";
import { pixelHash } from "@/lib/dicom";
import { correlation, decodeAll, maxAbsoluteError, meanAbsoluteError, modalityValues, readFixture } from "./fixtures";

const CT = "cswil/CTImage.dcm";
const ct = (syntax: string) => `cswil/CTImage.dcm_${syntax}.dcm`;

/** Each group: the uncompressed twin first, then lossless encodings that must hash the same. */
const LOSSLESS_GROUPS: Record<string, string[]> = {
  "CTImage (16-bit signed CT)": [
    CT,
    ct("BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2"),
    ct("DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99"),
    ct("RLELosslessTransferSyntax_1.2.840.10008.1.2.5"),
    ct("JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57"),
    ct("JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70"),
    ct("JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80"),
    ct("JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90"),
  ],
  "MR_small (64² MR)": [
    "pydicom/MR_small.dcm",
    "pydicom/MR_small_implicit.dcm",
    "pydicom/MR_small_bigendian.dcm",
    "pydicom/MR_small_expb.dcm",
    "pydicom/MR_small_padded.dcm",
    "pydicom/MR_small_RLE.dcm",
    "pydicom/MR_small_jp2klossless.dcm",
    "pydicom/MR_small_jpeg_ls_lossless.dcm",
    "generated/script-tag.dcm",
  ],
  "CT0012 (2 frames, with/without offset table, fragmented)": [
    "dicomparser/CT0012.not_fragmented_bot_rle.dcm",
    "dicomparser/CT0012.fragmented_no_bot_jpeg_ls.80.dcm",
    "dicomparser/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm",
  ],
  "SC_rgb (8-bit RGB)": ["pydicom/SC_rgb_rle.dcm", "pydicom/SC_rgb_jpeg_gdcm.dcm", "pydicom/SC_rgb_gdcm_KY.dcm"],
  "SC_rgb_small_odd (odd size, 8-bit OW)": ["pydicom/SC_rgb_small_odd.dcm", "pydicom/SC_rgb_small_odd_big_endian.dcm"],
  "rtdose (15 frames, 32-bit)": ["pydicom/rtdose.dcm", "pydicom/rtdose_expb.dcm", "pydicom/rtdose_rle.dcm"],
  "rtdose_1frame (32-bit, pixel data at an offset not a multiple of 4)": ["pydicom/rtdose_1frame.dcm", "pydicom/rtdose_expb_1frame.dcm", "pydicom/rtdose_rle_1frame.dcm"],
  "liver (1-bit)": ["pydicom/liver_1frame.dcm", "pydicom/liver_expb_1frame.dcm"],
};

describe("lossless transfer syntaxes decode to their uncompressed twin", () => {
  for (const [group, files] of Object.entries(LOSSLESS_GROUPS)) {
    const [twin, ...others] = files as [string, ...string[]];
    it.each(others)(`${group}: %s`, async (file) => {
      const expected = await pixelHash(readFixture(twin));
      expect(await pixelHash(readFixture(file))).toBe(expected);
    });
  }

  it("the twins themselves are not trivial (distinct images give distinct hashes)", async () => {
    const hashes = await Promise.all(Object.values(LOSSLESS_GROUPS).map((files) => pixelHash(readFixture(files[0]!))));
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe("lossy transfer syntaxes stay close to their twin (modality units, CT HU)", () => {
  // Tolerances are the measured errors with a margin: 12-bit JPEG ≈ 3.8 HU mean, JPEG-LS
  // near-lossless exactly ±1 HU (NEAR = 1), J2K lossy ≈ 0.6 HU mean; the 8-bit JPEG quantises
  // 4400 HU into 256 steps of 32 HU, hence ≈ 20 HU mean.
  const cases: [string, number, number][] = [
    [ct("JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50"), 25, 80],
    [ct("JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51"), 5, 50],
    [ct("JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53"), 5, 50],
    [ct("JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55"), 5, 50],
    [ct("JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81"), 1, 1],
    [ct("JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91"), 1, 10],
  ];
  it.each(cases)("%s: mean ≤ %d HU, max ≤ %d HU", async (file, meanLimit, maxLimit) => {
    const twin = await modalityValues(CT);
    const lossy = await modalityValues(file);
    expect(lossy.length).toBe(twin.length);
    expect(meanAbsoluteError(lossy, twin)).toBeLessThanOrEqual(meanLimit);
    expect(maxAbsoluteError(lossy, twin)).toBeLessThanOrEqual(maxLimit);
    expect(meanAbsoluteError(lossy, twin)).toBeGreaterThan(0);
  });

  it("12-bit JPEG of the 2-frame CT0012 matches the RLE twin frame by frame (up to an intensity offset)", async () => {
    const twin = await modalityValues("dicomparser/CT0012.not_fragmented_bot_rle.dcm");
    const lossy = await modalityValues("dicomparser/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm");
    expect(lossy.length).toBe(twin.length);
    // DCMTK stored this encoding shifted by about +1023; the structure must still agree.
    expect(correlation(lossy, twin)).toBeGreaterThan(0.999);
  });

  it("8-bit RGB JPEG of an odd-sized image is within 4 levels of the native twin", async () => {
    const twin = await modalityValues("pydicom/SC_rgb_small_odd.dcm");
    const lossy = await modalityValues("pydicom/SC_rgb_small_odd_jpeg.dcm");
    expect(maxAbsoluteError(lossy, twin)).toBeLessThanOrEqual(4);
  });

  it("YBR_FULL_422 JPEG decodes to RGB close to the native YBR_FULL_422 file converted to RGB", async () => {
    const [native] = await decodeAll(readFixture("pydicom/SC_ybr_full_422_uncompressed.dcm"));
    const [jpeg] = await decodeAll(readFixture("pydicom/SC_rgb_dcmtk_+eb+cy+np.dcm"));
    expect(native!.photometricInterpretation).toBe("YBR_FULL");
    expect(jpeg!.photometricInterpretation).toBe("RGB");
    const rgb = new Float64Array(native!.pixels.length);
    for (let i = 0; i < rgb.length; i += 3) {
      const y = native!.pixels[i]!;
      const cb = native!.pixels[i + 1]! - 128;
      const cr = native!.pixels[i + 2]! - 128;
      rgb[i] = y + 1.402 * cr;
      rgb[i + 1] = y - 0.344136 * cb - 0.714136 * cr;
      rgb[i + 2] = y + 1.772 * cb;
    }
    expect(meanAbsoluteError(jpeg!.pixels, rgb)).toBeLessThan(3);
  });
});

describe("multi-frame, signed and bit depths", () => {
  it("decodes both frames of CT0012 and they differ", async () => {
    const frames = await decodeAll(readFixture("dicomparser/CT0012.fragmented_no_bot_jpeg_ls.80.dcm"));
    expect(frames).toHaveLength(2);
    expect(Buffer.compare(Buffer.from(frames[0]!.pixels.buffer), Buffer.from(frames[1]!.pixels.buffer))).not.toBe(0);
  });

  it("keeps CTImage's signed values (air at -2000 stored)", async () => {
    const [frame] = await decodeAll(readFixture(CT));
    expect(frame!.pixels).toBeInstanceOf(Int16Array);
    let min = 0;
    for (const value of frame!.pixels) min = Math.min(min, value);
    expect(min).toBe(-2000);
  });

  it("unpacks 1-bit data to 0/1 values", async () => {
    const [frame] = await decodeAll(readFixture("pydicom/liver_1frame.dcm"));
    const values = new Set(frame!.pixels);
    expect([...values].sort()).toEqual([0, 1]);
  });

  it("decodes 8- and 16-bit JPEG-LS near-lossless files (no Study UID; read leniently)", async () => {
    for (const file of ["pydicom/JPEGLSNearLossless_08.dcm", "pydicom/JPEGLSNearLossless_16.dcm"]) {
      const instance = readFixture(file);
      expect(instance.meta.warnings.join(" ")).toMatch(/Study Instance UID/);
      const [frame] = await decodeAll(instance);
      expect(frame!.pixels.length).toBe(instance.meta.rows * instance.meta.columns);
    }
  });

  it("decodes JPEG 2000 wrapped in a JP2 header (YBR_RCT becomes RGB)", async () => {
    const [frame] = await decodeAll(readFixture("pydicom/GDCMJ2K_TextGBR.dcm"));
    expect(frame!.photometricInterpretation).toBe("RGB");
  });
});
