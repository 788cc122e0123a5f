import { mkdtemp, readdir, readFile, rm, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TAnalysis } from "@/lib/analysis/schema";
import { readInstanceMeta } from "@/lib/dicom/read-instance";
import { boxCenterToPatient } from "@/lib/geometry/box-center-to-patient";
import type { Detection } from "@/lib/inference/decode";
import type { InferResult, InferTask } from "@/lib/inference/infer-task";
import type { TModelManifest } from "@/lib/inference/manifest";
import { writeStudy } from "@/lib/phantom/write-study";
import type { TPhantomTruth } from "@/lib/phantom/truth";
import { analyzeStudy } from "@/lib/pipeline/analyze-study";
import type { PipelineModels } from "@/lib/pipeline/pipeline-models";
import { editDicom, pixelBytes, readNatural, writeNatural, type NaturalDataset } from "./edit-dicom";

// The field cases of ../shared/bugcases (02, 05, 07, 01), rebuilt in TypeScript on phantom studies,
// each with at least one more input of the same kind. Step 1 is a stand-in that answers the true
// vertebra boxes on whatever image it is given, so what is tested is which image it is given, which
// images the levels are computed on, and what is reported.

const roots: string[] = [];
afterAll(async () => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

async function phantom(seed: number, variant: "standard" | "single-series" = "standard") {
  const root = await mkdtemp(path.join(os.tmpdir(), "discern-field-"));
  roots.push(root);
  const { dir, study } = await writeStudy(root, { seed, variant });
  return { dir, truth: study.truth };
}

function stub<TIn extends unknown[], TOut>(answer: (input: TIn[number]) => TOut): InferTask<TIn, TOut[]> {
  return {
    info: () => ({ modelId: "stub", version: "stub", task: "vertebra-detection", labels: [], inputShape: [], device: "cpu" }),
    run: async (inputs: TIn): Promise<InferResult<TOut[]>> => ({ outputs: inputs.map(answer), timings: { preMs: 0, runMs: 0, postMs: 0 }, model: { id: "stub", version: "stub" }, device: "cpu", runs: 1 }),
  };
}

async function analyze(dir: string, truth: TPhantomTruth): Promise<TAnalysis> {
  const models: PipelineModels = {
    vertebrae: stub<Parameters<NonNullable<PipelineModels["vertebrae"]>["run"]>[0], Detection[]>(() => truth.vertebrae.map((v) => ({ label: v.label, score: 0.9, box: v.box }))),
    roi: stub<Parameters<PipelineModels["roi"]["run"]>[0], Detection[]>((f) => [{ label: "disc", score: 0.8, box: [f.width * 0.3, f.height * 0.3, f.width * 0.7, f.height * 0.7] }]),
    classifier: stub<Parameters<PipelineModels["classifier"]["run"]>[0], { label: string; probabilities: Record<string, number> }>(() => ({ label: "normal", probabilities: { normal: 1 } })),
    device: "cpu",
    warnings: [],
    // Only the fields the pipeline reads: a detector that labels vertebrae by appearance.
    manifests: [{ id: "stub", version: "stub", task: "vertebra-detection", output: { format: "centernet" } } as TModelManifest],
    loadMs: 0,
  };
  return (await analyzeStudy({ input: dir, models })).analysis;
}

/** At-disc truth slices (minus `except`) whose level the analysis gets right, over their number. */
function levelScore(analysis: TAnalysis, truth: TPhantomTruth, except: string[] = []): [number, number] {
  const level = new Map(analysis.slices.map((s) => [s.sopInstanceUid, s.level]));
  const atDisc = truth.slices.filter((s) => s.atDisc && !except.includes(s.sopInstanceUid));
  return [atDisc.filter((s) => level.get(s.sopInstanceUid) === s.level).length, atDisc.length];
}

const sagittalFiles = async (dir: string) => (await readdir(path.join(dir, "s01-sagittal-t2"))).sort().map((f) => path.join(dir, "s01-sagittal-t2", f));

describe("02: a localizer inside the sagittal T2 series", () => {
  async function withExtra(seed: number, edit: (ds: NaturalDataset) => void) {
    const { dir, truth } = await phantom(seed);
    const first = (await sagittalFiles(dir))[0]!;
    await editDicom(first, (ds) => {
      ds.SOPInstanceUID = "2.25.1002";
      ds.InstanceNumber = 0;
      edit(ds);
    }, path.join(dir, "s01-sagittal-t2", "000-extra.dcm"));
    const analysis = await analyze(dir, truth);
    expect(analysis.series.sagittal).toBe(truth.sagittal.seriesInstanceUid);
    expect(analysis.vertebrae.every((v) => v.sopInstanceUid === truth.sagittal.midSopInstanceUid)).toBe(true);
    const [right, n] = levelScore(analysis, truth);
    expect(n).toBeGreaterThan(0);
    expect(right).toBe(n);
    return analysis;
  }

  it("sets the coronal LOCALIZER aside with a reason and reads the rest as the sagittal T2 (the case as filed)", async () => {
    const analysis = await withExtra(12, (ds) => {
      ds.ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"];
      ds.ImageOrientationPatient = [1, 0, 0, 0, 0, -1];
      ds.EchoTime = 3.1;
      ds.RepetitionTime = 7.6;
    });
    expect(analysis.setAsideImages).toEqual([
      { sopInstanceUid: "2.25.1002", seriesInstanceUid: analysis.series.sagittal, path: "s01-sagittal-t2/000-extra.dcm", reason: "a localizer image (Image Type LOCALIZER) inside the series" },
    ]);
    expect(analysis.warnings).toEqual([expect.stringMatching(/^1 image was set aside/)]);
  });

  it("variant: a T1 gradient-echo sagittal LOCALIZER (same plane as the series) is set aside too", async () => {
    const analysis = await withExtra(31, (ds) => {
      ds.ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"];
      ds.EchoTime = 4;
      ds.RepetitionTime = 9;
      ds.SeriesDescription = "T1 SAG";
    });
    expect(analysis.setAsideImages?.map((s) => s.sopInstanceUid)).toEqual(["2.25.1002"]);
  });

  it("variant: a coronal image without LOCALIZER type is set aside as a stray plane", async () => {
    const analysis = await withExtra(32, (ds) => {
      ds.ImageOrientationPatient = [1, 0, 0, 0, 0, -1];
    });
    expect(analysis.setAsideImages?.[0]?.reason).toMatch(/^a coronal image inside a series of \d+ sagittal images$/);
  });
});

describe("05: several echoes in one series", () => {
  it("splits PD+T2 by Echo Numbers and reads the T2 echo (the case as filed)", async () => {
    const { dir, truth } = await phantom(15);
    const files = await sagittalFiles(dir);
    for (const [n, file] of files.entries()) {
      const { meta, ds } = await readNatural(file);
      await unlink(file);
      await writeNatural(file.replace(/\.dcm$/, "-e1.dcm"), { meta: { ...meta }, ds: { ...ds, SeriesDescription: "PD+T2 SAG", EchoNumbers: 1, EchoTime: 20, SOPInstanceUID: `2.25.1005${n}` } });
      await writeNatural(file.replace(/\.dcm$/, "-e2.dcm"), { meta: { ...meta }, ds: { ...ds, SeriesDescription: "PD+T2 SAG", EchoNumbers: 2 } });
    }
    const analysis = await analyze(dir, truth);
    expect(analysis.series.sagittal).toBe(truth.sagittal.seriesInstanceUid);
    expect(analysis.series.ignored).toEqual([{ seriesInstanceUid: truth.sagittal.seriesInstanceUid, reason: "echo 1 (TE 20 ms): PD-weighted, not T2" }]);
    expect(analysis.vertebrae.every((v) => v.sopInstanceUid === truth.sagittal.midSopInstanceUid)).toBe(true);
    const [right, n] = levelScore(analysis, truth);
    expect(right).toBe(n);
  });

  it("variant: three echoes without Echo Numbers (TE 30, TE of the T2, 160 ms) split by TE; the echo nearest 100 ms is read", async () => {
    const { dir, truth } = await phantom(33);
    const files = await sagittalFiles(dir);
    for (const [n, file] of files.entries()) {
      const { meta, ds } = await readNatural(file);
      await unlink(file);
      const t2 = Number(ds.EchoTime);
      for (const [e, te] of [30, t2, 160].entries()) {
        const sop = te === t2 ? ds.SOPInstanceUID : `2.25.1033${e}${String(n).padStart(3, "0")}`;
        await writeNatural(file.replace(/\.dcm$/, `-e${e}.dcm`), { meta: { ...meta }, ds: { ...ds, SeriesDescription: "T2 SAG 3 ECHO", EchoTime: te, SOPInstanceUID: sop } });
      }
    }
    const analysis = await analyze(dir, truth);
    expect(analysis.vertebrae.every((v) => v.sopInstanceUid === truth.sagittal.midSopInstanceUid)).toBe(true);
    expect(analysis.series.ignored.map((i) => i.reason)).toEqual(["TE 30 ms: PD-weighted, not T2", "TE 160 ms: another sagittal T2 series (the largest is used)"]);
    expect(analysis.warnings).toEqual([expect.stringMatching(/holds several echoes; it was split by echo and TE [\d.]+ ms is read as T2\.$/)]);
  });
});

describe("07: axial images without position", () => {
  async function withoutPosition(seed: number, pick: (truth: TPhantomTruth) => TPhantomTruth["slices"]) {
    const { dir, truth } = await phantom(seed, "single-series");
    const victims = pick(truth);
    for (const v of victims) {
      await editDicom(path.join(dir, v.file), (ds) => {
        delete ds.ImagePositionPatient;
        delete ds.ImageOrientationPatient;
      });
    }
    const analysis = await analyze(dir, truth);
    const sops = victims.map((v) => v.sopInstanceUid);
    expect(analysis.setAsideImages?.map((s) => [s.sopInstanceUid, s.path, s.reason])).toEqual(
      victims.map((v) => [v.sopInstanceUid, v.file, "the image has no position, orientation or pixel spacing, so it cannot be placed"]),
    );
    expect(analysis.slices.map((s) => s.sopInstanceUid)).toEqual(truth.slices.filter((s) => !sops.includes(s.sopInstanceUid)).map((s) => s.sopInstanceUid));
    const [right, n] = levelScore(analysis, truth, sops);
    expect(right).toBe(n);
    expect(analysis.warnings?.[0]).toMatch(/set aside/);
  }

  it("one image (not at a disc) is reported as unusable and every other slice gets its level (the case as filed)", async () => {
    await withoutPosition(17, (t) => [t.slices.find((s) => !s.atDisc)!]);
  });
  it("variant: two images, one of them at a disc", async () => {
    await withoutPosition(34, (t) => [t.slices.find((s) => s.atDisc)!, t.slices.filter((s) => !s.atDisc)[1]!]);
  });
});

describe("01: the sagittal T2 as one Enhanced MR object", () => {
  /** Packs the sagittal files into one Enhanced MR object, frames in `order` (indices into the files sorted by name). */
  async function enhanced(seed: number, description: string | null, order: (n: number) => number[]) {
    const { dir, truth } = await phantom(seed);
    const files = await sagittalFiles(dir);
    const frames = await Promise.all(files.map(readNatural));
    const sequence = order(files.length);
    const f0 = frames[0]!;
    const ds: NaturalDataset = { ...f0.ds, _vrMap: { PixelData: "OW" } };
    for (const key of ["ImagePositionPatient", "ImageOrientationPatient", "PixelSpacing", "SliceThickness", "EchoTime", "RepetitionTime", "SliceLocation", "WindowCenter", "WindowWidth"]) delete ds[key];
    Object.assign(ds, {
      SOPClassUID: "1.2.840.10008.5.1.4.1.1.4.1",
      SOPInstanceUID: "2.25.1001",
      InstanceNumber: 1,
      NumberOfFrames: sequence.length,
      ImageType: ["ORIGINAL", "PRIMARY", "M", "NONE"],
      SharedFunctionalGroupsSequence: [
        {
          PixelMeasuresSequence: [{ PixelSpacing: f0.ds.PixelSpacing, SliceThickness: f0.ds.SliceThickness }],
          PlaneOrientationSequence: [{ ImageOrientationPatient: f0.ds.ImageOrientationPatient }],
          MRTimingAndRelatedParametersSequence: [{ RepetitionTime: f0.ds.RepetitionTime, EchoTrainLength: 16 }],
          MREchoSequence: [{ EffectiveEchoTime: Number(f0.ds.EchoTime) }],
        },
      ],
      PerFrameFunctionalGroupsSequence: sequence.map((k, position) => ({
        PlanePositionSequence: [{ ImagePositionPatient: frames[k]!.ds.ImagePositionPatient }],
        FrameContentSequence: [{ StackID: "1", InStackPositionNumber: position + 1 }],
      })),
      PixelData: [new Uint8Array(Buffer.concat(sequence.map((k) => pixelBytes(frames[k]!.ds)))).buffer],
    });
    if (description) ds.SeriesDescription = description;
    const midFile = path.join(dir, truth.sagittal.midFile);
    const classicMid = readInstanceMeta(await readFile(midFile)).geometry!;
    for (const f of files) await unlink(f);
    await writeNatural(path.join(dir, "s01-sagittal-t2", "enhanced.dcm"), { meta: f0.meta, ds });
    const analysis = await analyze(dir, truth);
    const midFrame = sequence.findIndex((k) => files[k] === midFile);
    expect(midFrame).toBeGreaterThan(0);
    expect(analysis.series.sagittal).toBe(truth.sagittal.seriesInstanceUid);
    expect(analysis.vertebrae.map((v) => [v.sopInstanceUid, v.frameIndex])).toEqual(truth.vertebrae.map(() => ["2.25.1001", midFrame]));
    // The vertebra centres go through the frame's own position: the same as on the classic file.
    for (const [k, v] of analysis.vertebrae.entries()) {
      const expected = boxCenterToPatient(classicMid, truth.vertebrae[k]!.box);
      expect(Math.hypot(...v.centerPatient.map((c, i) => c - expected[i]!))).toBeLessThan(0.01);
    }
    const [right, n] = levelScore(analysis, truth);
    expect(right).toBe(n);
    return analysis;
  }

  it("reads per-frame positions; the true middle frame is the mid-sagittal image (the case as filed)", async () => {
    await enhanced(11, null, (n) => Array.from({ length: n }, (_, k) => k));
  });
  it("variant: 'SAG TSE' (TE/TR only in the functional groups), frames stored out of position order", async () => {
    await enhanced(35, "SAG TSE", (n) => Array.from({ length: n }, (_, k) => (k * 5) % n));
  });
});

describe("identity collisions: images that share a SOP Instance UID", () => {
  it("keeps two different axial images with one UID apart (keyed by content, each with its own level) and skips an exact copy", async () => {
    const { dir, truth } = await phantom(36);
    const atDisc = truth.slices.filter((s) => s.atDisc);
    const [a, b] = [atDisc[0]!, atDisc[atDisc.length - 1]!];
    expect(a.level).not.toBe(b.level);
    await editDicom(path.join(dir, b.file), (ds) => {
      ds.SOPInstanceUID = a.sopInstanceUid;
    });
    await editDicom(path.join(dir, a.file), () => {}, path.join(dir, "zz-copy-of-a.dcm"));
    const analysis = await analyze(dir, truth);
    const shared = analysis.slices.filter((s) => s.sopInstanceUid.startsWith(`${a.sopInstanceUid}#`));
    expect(shared.map((s) => s.level).sort()).toEqual([a.level, b.level].sort());
    expect(new Set(shared.map((s) => s.sopInstanceUid)).size).toBe(2);
    expect(analysis.skippedFiles).toContainEqual({ path: "zz-copy-of-a.dcm", reason: `A copy of ${a.file} (same SOP Instance UID and pixels).` });
    expect(analysis.warnings).toContainEqual(expect.stringContaining(`2 different images share the SOP Instance UID ${a.sopInstanceUid} (${[a.file, b.file].sort().join(", ")})`));
  });
});
