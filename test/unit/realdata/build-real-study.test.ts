import { createHash } from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Vec3 } from "@/lib/dicom/types";
import { midSagittalSlice } from "@/lib/geometry/mid-sagittal-slice";
import { selectSeries, spinePlane } from "@/lib/geometry/select-series";
import { decodeGreyFrame } from "@/lib/pipeline/grey-frame";
import { loadStudySources } from "@/lib/pipeline/sources";
import { buildRealStudy, type RealStudy } from "@/lib/realdata/build-real-study";
import { loadRealExam, readRealdataIndex, type RealExam } from "@/lib/realdata/exam";
import { patientToVoxel, voxelIndex } from "@/lib/realdata/volume";

const FIXTURE = path.resolve(__dirname, "../../fixtures/realdata");
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

describe("a real exam built into a DICOM study (fixture VB3-16)", () => {
  let exam: RealExam;
  let study: RealStudy;

  beforeAll(async () => {
    const [entry] = await readRealdataIndex(FIXTURE);
    exam = await loadRealExam(FIXTURE, entry!);
    study = buildRealStudy(exam);
  });

  it("loads the image and labels with the index's shape and names", () => {
    expect([exam.image.rows, exam.image.columns, exam.image.slices]).toEqual([224, 224, 24]);
    expect(exam.labels.data).toBeInstanceOf(Uint8Array);
    expect([...exam.labelNames.values()].sort()).toEqual(["L1", "L2", "L3", "L4", "L5"]);
    // Rows run superior → inferior: L1's voxels lie above L5's (smaller row index).
    const meanRow = (value: number) => {
      let sum = 0;
      let n = 0;
      for (let k = 0; k < exam.labels.data.length; k++) {
        if (exam.labels.data[k] !== value) continue;
        sum += Math.floor(k / (exam.labels.columns * exam.labels.slices));
        n++;
      }
      return sum / n;
    };
    const value = (name: string) => [...exam.labelNames].find(([, n]) => n === name)![0];
    expect(meanRow(value("L1"))).toBeLessThan(meanRow(value("L5")));
  });

  it("is an ordinary study: the series selection takes its sagittal T2 and every axial T2 stack", async () => {
    // 24 slices, 4 mm slabs → 5; four discs between L1…L5 (no sacrum labelled in VB3) × 3 axials.
    expect(study.truth.sagittal.slabs).toHaveLength(5);
    expect(study.truth.discs.map((d) => d.level)).toEqual(["L1-L2", "L2-L3", "L3-L4", "L4-L5"]);
    expect(study.truth.slices).toHaveLength(12);
    const loaded = await loadStudySources(study.sources);
    expect(loaded.skippedFiles).toEqual([]);
    expect(loaded.instances).toHaveLength(17);
    const metas = loaded.instances.map((i) => i.meta);
    expect(new Set(metas.map((m) => m.studyInstanceUid)).size).toBe(1);
    expect(new Set(metas.map((m) => m.geometry?.frameOfReferenceUid)).size).toBe(1);
    const selection = selectSeries(metas);
    expect(selection.sagittal).toBe(study.truth.sagittal.seriesInstanceUid);
    expect([...selection.axial].sort()).toEqual([...new Set(study.truth.slices.map((s) => s.seriesInstanceUid))].sort());
    expect(selection.ignored).toEqual([]);
    for (const m of metas) expect(spinePlane(m.geometry!)).toBe(m.seriesDescription === "SAG T2" ? "sagittal" : "axial");
    // The pipeline's mid-sagittal image is the central slab (slices 10–13 hold the spine's middle).
    const sagittal = metas.filter((m) => m.seriesInstanceUid === selection.sagittal).map((m) => ({ m, geometry: m.geometry! }));
    const mid = midSagittalSlice(sagittal)!;
    const central = study.truth.sagittal.slabs[2]!;
    expect(mid.m.sopInstanceUid).toBe(central.sopInstanceUid);
    expect(central.last - central.first).toBe(3);
  });

  it("writes each slab as the mean of its 1 mm slices, scaled to 12 bits", async () => {
    let max = 0;
    for (const x of exam.image.data) max = Math.max(max, x);
    const scale = Math.floor(4095 / max);
    const central = study.truth.sagittal.slabs[2]!;
    const k = study.truth.sagittal.slabs.indexOf(central);
    const frame = await decodeGreyFrame(Buffer.from(study.sources[k]!.bytes!));
    expect([frame.width, frame.height]).toEqual([224, 224]);
    for (const [r, c] of [
      [100, 100],
      [50, 120],
      [180, 90],
    ] as const) {
      let sum = 0;
      for (let s = central.first; s <= central.last; s++) sum += exam.image.data[voxelIndex(exam.image, r, c, s)]!;
      expect(frame.pixels[r * 224 + c]).toBe(Math.round((sum / 4) * scale));
    }
  });

  it("cuts the axials through unlabelled disc space between the bodies, perpendicular to the spine, 4 mm apart", () => {
    for (const disc of study.truth.discs) {
      const [r, c, s] = patientToVoxel(exam.labels, disc.centre).map(Math.round) as [number, number, number];
      expect(exam.labels.data[voxelIndex(exam.labels, r, c, s)]).toBe(0);
      expect(disc.normal[2]).toBeGreaterThan(0.8);
    }
    // Disc centres go caudally in order.
    const z = study.truth.discs.map((d) => d.centre[2]);
    expect([...z].sort((a, b) => b - a)).toEqual(z);
    expect(study.truth.slices.map((s) => s.offsetMm)).toEqual([-4, 0, 4, -4, 0, 4, -4, 0, 4, -4, 0, 4]);
  });

  it("is deterministic: the same exam gives the same bytes", () => {
    const again = buildRealStudy(exam);
    const hash = (s: RealStudy) => createHash("sha256").update(Buffer.concat(s.sources.map((f) => Buffer.from(f.bytes!)))).digest("hex");
    expect(hash(again)).toBe(hash(study));
  });

  it("places each axial image's plane at its offset from the disc centre along the disc normal", async () => {
    const loaded = await loadStudySources(study.sources);
    const bySop = new Map(loaded.instances.map((i) => [i.meta.sopInstanceUid, i.meta]));
    for (const slice of study.truth.slices) {
      const g = bySop.get(slice.sopInstanceUid)!.geometry!;
      const disc = study.truth.discs.find((d) => d.level === slice.level)!;
      // Image centre = IPP + (columns/2 − ½)·row + (rows/2 − ½)·column (1 mm pixels).
      const centre: Vec3 = [0, 1, 2].map((k) => g.imagePositionPatient[k]! + 79.5 * g.rowCosines[k]! + 79.5 * g.columnCosines[k]!) as Vec3;
      const d: Vec3 = [centre[0] - disc.centre[0], centre[1] - disc.centre[1], centre[2] - disc.centre[2]];
      expect(dot(d, disc.normal)).toBeCloseTo(slice.offsetMm, 3);
      expect(Math.abs(dot(g.rowCosines, disc.normal))).toBeLessThan(1e-5);
      expect(Math.abs(dot(g.columnCosines, disc.normal))).toBeLessThan(1e-5);
    }
  });
});
