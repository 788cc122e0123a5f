import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readInstanceMeta } from "@/lib/dicom/read-instance";
import type { InstanceMeta } from "@/lib/dicom/types";
import { ZPreprocess, type TPreprocess } from "@/lib/inference/manifest";
import { MODEL_IDS, modelDir, type TModelRole } from "@/lib/inference/models";
import { prepareInto, type GreyFrame } from "@/lib/inference/preprocess";
import { isStoredGreyFrame } from "@/lib/inference/stored-frame";
import { decodeGreyFrame, decodeGreyFrameReference } from "@/lib/pipeline/grey-frame";
import { buildRealStudy } from "@/lib/realdata/build-real-study";
import { loadRealExam, readRealdataIndex } from "@/lib/realdata/exam";
import type { Box } from "@/lib/dicom/types";

/**
 * The fused input path (stored samples located in the file → one resample with mask, sign and
 * rescale → normalise) against the reference path (lib/dicom parse + decodeFrame → greyFrameOf's
 * full-size float32 frame → the same resample and normalise), on real data, with each committed
 * model's own preprocessing. Expected tensors come from the reference path, never from the code
 * under test. Tolerance: 1e-5 absolute on the normalised tensor (z-scores and [0, 1] clips), where
 * rescale is the identity the two must agree to the bit (same operands, same order).
 */
const FIXTURES = path.resolve(__dirname, "../../fixtures");
const TOLERANCE = 1e-5;

const preprocessOf = (role: TModelRole): TPreprocess =>
  ZPreprocess.parse((JSON.parse(readFileSync(path.join(modelDir(role), "manifest.json"), "utf8")) as { preprocess: unknown }).preprocess);

/** The model input of one frame: `box` for the classifier's ROI crop, else the manifest's region. */
function tensorOf(preprocess: TPreprocess, frame: GreyFrame, box?: Box): Float32Array {
  const out = new Float32Array(preprocess.resample.width * preprocess.resample.height);
  prepareInto(preprocess, 1, frame, box, out, 0);
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let k = 0; k < a.length; k++) d = Math.max(d, Math.abs((a[k] as number) - (b[k] as number)));
  return d;
}

const roles = Object.keys(MODEL_IDS) as TModelRole[];

async function compareFile(bytes: Buffer, meta: InstanceMeta): Promise<{ fused: GreyFrame; diffs: number[]; identical: boolean }> {
  const reference = await decodeGreyFrameReference(bytes);
  const fused = await decodeGreyFrame(bytes, 0, meta);
  const roi: Box = [meta.columns * 0.3, meta.rows * 0.35, meta.columns * 0.62, meta.rows * 0.6];
  const diffs: number[] = [];
  let identical = true;
  for (const role of roles) {
    const p = preprocessOf(role);
    const box = p.resample.region === "roi-box" ? roi : undefined;
    const expected = tensorOf(p, reference, box);
    const got = tensorOf(p, fused, box);
    diffs.push(maxAbsDiff(got, expected));
    if (!got.every((v, k) => Object.is(v, expected[k]))) identical = false;
  }
  return { fused, diffs, identical };
}

describe("fused input path on a real exam (fixture VB3-16 built into DICOM)", () => {
  let files: { bytes: Buffer; meta: InstanceMeta }[];

  beforeAll(async () => {
    const dir = path.join(FIXTURES, "realdata");
    const [entry] = await readRealdataIndex(dir);
    const study = buildRealStudy(await loadRealExam(dir, entry!));
    files = study.sources.map((s) => {
      const bytes = Buffer.from(s.bytes!);
      return { bytes, meta: readInstanceMeta(bytes) };
    });
  });

  it("reads every image from its stored samples and gives the reference tensors to the bit", async () => {
    expect(files).toHaveLength(17);
    for (const { bytes, meta } of files) {
      const { fused, diffs, identical } = await compareFile(bytes, meta);
      expect(isStoredGreyFrame(fused)).toBe(true); // the fast path was taken, else this proves nothing
      expect(Math.max(...diffs)).toBeLessThanOrEqual(TOLERANCE);
      expect(identical).toBe(true); // rescale 1/0 here: same operands, same order
    }
  });

  it("still gives the full-size modality frame when something reads `pixels` (canonicalSagittal)", async () => {
    const { bytes, meta } = files[0]!;
    const reference = await decodeGreyFrameReference(bytes);
    const fused = await decodeGreyFrame(bytes, 0, meta);
    expect(Array.from(fused.pixels)).toEqual(Array.from(reference.pixels));
  });
});

describe("fused input path on real DICOM files (test/fixtures/dicom)", () => {
  const read = (rel: string) => {
    const bytes = readFileSync(path.join(FIXTURES, "dicom", rel));
    return { bytes, meta: readInstanceMeta(bytes) };
  };

  it("CT, implicit VR, signed 16-bit with a rescale intercept: within the tolerance", async () => {
    const { bytes, meta } = read("cswil/CTImage.dcm");
    expect(meta.pixelRepresentation).toBe(1);
    expect(meta.rescaleIntercept).not.toBe(0); // the rescale is applied after interpolation here
    const { fused, diffs } = await compareFile(bytes, meta);
    expect(isStoredGreyFrame(fused)).toBe(true);
    expect(Math.max(...diffs)).toBeLessThanOrEqual(TOLERANCE);
  });

  it("MR, implicit VR little endian, signed 16-bit: the same tensors to the bit", async () => {
    for (const rel of ["pydicom/MR_small_implicit.dcm"]) {
      const { bytes, meta } = read(rel);
      const { fused, diffs, identical } = await compareFile(bytes, meta);
      expect(isStoredGreyFrame(fused), rel).toBe(true);
      expect(Math.max(...diffs), rel).toBeLessThanOrEqual(TOLERANCE);
      expect(identical, rel).toBe(true);
    }
  });

  it("falls back to the full decode where the pixel data is not the file's last element or not native LE", async () => {
    // MR_small.dcm has 138 bytes of elements after its pixel data; the others are padded, big endian, RLE.
    for (const rel of ["pydicom/MR_small.dcm", "pydicom/MR_small_padded.dcm", "pydicom/MR_small_bigendian.dcm", "pydicom/MR_small_RLE.dcm"]) {
      const { bytes, meta } = read(rel);
      const { fused, diffs } = await compareFile(bytes, meta);
      expect(isStoredGreyFrame(fused), rel).toBe(false);
      expect(Math.max(...diffs), rel).toBe(0);
    }
  });

  it("never trusts header facts that disagree with the file: a wrong frame size falls back", async () => {
    const { bytes, meta } = read("pydicom/MR_small_implicit.dcm");
    expect(isStoredGreyFrame(await decodeGreyFrame(bytes, 0, meta))).toBe(true);
    const fused = await decodeGreyFrame(bytes, 0, { ...meta, rows: meta.rows - 1 });
    expect(isStoredGreyFrame(fused)).toBe(false);
    expect(fused.height).toBe(meta.rows); // decoded the reference way, from the file's own header
  });
});
