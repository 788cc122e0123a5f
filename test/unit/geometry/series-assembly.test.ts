import { describe, expect, it } from "vitest";
import type { FrameMeta, ImageGeometry, Vec3 } from "@/lib/dicom/types";
import { selectSeries, type SeriesInstance } from "@/lib/geometry";

// Series assembly image by image (issue 13, Deliver 1–2): every kind of odd image an export holds.
const geometry = (row: Vec3, col: Vec3, position: Vec3): ImageGeometry => ({
  imagePositionPatient: position,
  rowCosines: row,
  columnCosines: col,
  pixelSpacing: [1, 1],
  rows: 10,
  columns: 10,
  frameOfReferenceUid: "F1",
});
const sag = (x: number) => geometry([0, 1, 0], [0, 0, -1], [x, 0, 0]);
const ax = (z: number) => geometry([1, 0, 0], [0, 1, 0], [0, 0, z]);
const cor = (y: number) => geometry([1, 0, 0], [0, 0, -1], [0, y, 0]);
const T2 = { echoTime: 100, repetitionTime: 4000 };

let sop = 0;
/** n images of one series at 4 mm steps, instance numbers 1..n. */
function stack(uid: string, n: number, place: (k: number) => ImageGeometry, extra: Partial<SeriesInstance> = {}): SeriesInstance[] {
  return Array.from({ length: n }, (_, k) => ({
    studyInstanceUid: "S",
    seriesInstanceUid: uid,
    sopInstanceUid: `i${sop++}`,
    instanceNumber: k + 1,
    seriesNumber: 2,
    geometry: place(k * 4 - 20),
    ...T2,
    ...extra,
  }));
}
const axial = () => stack("ax", 6, ax, { seriesNumber: 5 });

describe("series assembly sets odd images aside and uses the rest of the series", () => {
  it("sets aside a T1 gradient-echo sagittal LOCALIZER image stored inside the sagittal T2 series", () => {
    const sagittal = stack("sag", 11, sag);
    const localizer = { ...sagittal[0]!, sopInstanceUid: "loc", imageType: ["ORIGINAL", "PRIMARY", "LOCALIZER"], echoTime: 3, repetitionTime: 7, instanceNumber: 0 };
    const result = selectSeries([localizer, ...sagittal, ...axial()]);
    expect(result.sagittal).toBe("sag");
    expect(result.sagittalImages.map((i) => i.sopInstanceUid)).toEqual(sagittal.map((i) => i.sopInstanceUid));
    expect(result.setAside).toEqual([{ sopInstanceUid: "loc", seriesInstanceUid: "sag", reason: "a localizer image (Image Type LOCALIZER) inside the series" }]);
    expect(result.warnings[0]).toMatch(/^1 image was set aside/);
    expect(result.ignored).toEqual([]);
  });

  it("sets aside a coronal image without LOCALIZER type inside a sagittal series (a stray plane)", () => {
    const sagittal = stack("sag", 11, sag);
    const stray = { ...sagittal[0]!, sopInstanceUid: "stray", geometry: cor(10) };
    const result = selectSeries([...sagittal, stray, ...axial()]);
    expect(result.sagittal).toBe("sag");
    expect(result.setAside).toEqual([{ sopInstanceUid: "stray", seriesInstanceUid: "sag", reason: "a coronal image inside a series of 11 sagittal images" }]);
  });

  it("reports two axial images without position as unusable and keeps the other slices", () => {
    const ax6 = axial();
    const broken = ax6.slice(1, 3).map((i) => ({ ...i, geometry: undefined }));
    const result = selectSeries([...stack("sag", 11, sag), ax6[0]!, ...broken, ...ax6.slice(3)]);
    expect(result.axial).toEqual(["ax"]);
    expect(result.axialImages.map((i) => i.instanceNumber)).toEqual([1, 4, 5, 6]);
    expect(result.setAside.map((s) => s.sopInstanceUid)).toEqual(broken.map((b) => b.sopInstanceUid));
    expect(result.warnings[0]).toMatch(/^2 images were set aside/);
  });
});

describe("series assembly splits what one Series Instance UID holds", () => {
  it("splits a dual-echo PD+T2 series by Echo Numbers and reads the T2 echo", () => {
    const pd = stack("pdt2", 11, sag, { echoNumber: 1, echoTime: 20, seriesDescription: "PD+T2 SAG" });
    const t2 = stack("pdt2", 11, sag, { echoNumber: 2, echoTime: 105, seriesDescription: "PD+T2 SAG" });
    const result = selectSeries([...pd, ...t2, ...axial()]);
    expect(result.sagittal).toBe("pdt2");
    expect(result.sagittalImages.map((i) => i.sopInstanceUid)).toEqual(t2.map((i) => i.sopInstanceUid));
    expect(result.ignored).toEqual([{ seriesInstanceUid: "pdt2", reason: "echo 1 (TE 20 ms): PD-weighted, not T2" }]);
  });

  it("splits a 3-echo series named T2 by TE alone and prefers the echo nearest 100 ms", () => {
    const echoes = [30, 90, 150].map((te) => stack("multi", 9, sag, { echoTime: te, seriesDescription: "T2 SAG MULTI-ECHO" }));
    const result = selectSeries([...echoes.flat(), ...axial()]);
    expect(result.sagittalImages.map((i) => i.echoTime)).toEqual(Array(9).fill(90));
    expect(result.ignored.map((i) => i.reason)).toEqual(["TE 30 ms: PD-weighted, not T2", "TE 150 ms: another sagittal T2 series (the largest is used)"]);
  });

  it("splits two acquisitions at the same positions under one UID by Acquisition Number", () => {
    const first = stack("twice", 11, sag, { acquisitionNumber: 1 });
    const second = stack("twice", 9, sag, { acquisitionNumber: 2 });
    const result = selectSeries([...first, ...second, ...axial()]);
    expect(result.sagittalImages.map((i) => i.sopInstanceUid)).toEqual(first.map((i) => i.sopInstanceUid));
    expect(result.ignored).toEqual([{ seriesInstanceUid: "twice", reason: "acquisition 2: another sagittal T2 series (the largest is used)" }]);
  });

  it("keeps 2D slices whose Acquisition Number changes per slice together (no repeated positions)", () => {
    const slices = stack("sag", 11, sag).map((i, k) => ({ ...i, acquisitionNumber: k + 1 }));
    expect(selectSeries([...slices, ...axial()]).sagittalImages).toHaveLength(11);
  });

  it("groups a vendor's one-UID-per-image sagittal series back by Series Number", () => {
    const images = stack("x", 11, sag, { seriesNumber: 7 }).map((i, k) => ({ ...i, seriesInstanceUid: `own${k}` }));
    const result = selectSeries([...images, ...axial()]);
    expect(result.sagittalImages).toHaveLength(11);
    expect(result.ignored).toEqual([]);
  });
});

describe("enhanced multi-frame objects are read frame by frame", () => {
  const frames = (n: number, extra: (k: number) => Partial<FrameMeta> = () => ({})): FrameMeta[] =>
    Array.from({ length: n }, (_, k) => ({ geometry: sag(k * 4 - 24), echoTime: 98, repetitionTime: 3500, ...extra(k) }));

  it("gives every frame its own position, and the middle frame is the middle of the stack", () => {
    const enhanced: SeriesInstance = { studyInstanceUid: "S", seriesInstanceUid: "enh", sopInstanceUid: "E", frames: 13, perFrame: frames(13).reverse(), geometry: sag(24), seriesDescription: "SAG TSE" };
    const result = selectSeries([enhanced, ...axial()]);
    expect(result.sagittal).toBe("enh");
    expect(result.sagittalImages.map((i) => i.key)).toEqual(Array.from({ length: 13 }, (_, k) => `E[${k}]`));
    expect(result.sagittalImages.map((i) => i.geometry!.imagePositionPatient[0])).toEqual(frames(13).reverse().map((f) => f.geometry!.imagePositionPatient[0]));
  });

  it("splits frames by Stack ID and sets aside frames without geometry", () => {
    const perFrame = [...frames(11, () => ({ stackId: "1" })), ...frames(4, () => ({ stackId: "2" }))];
    delete perFrame[3]!.geometry;
    const enhanced: SeriesInstance = { studyInstanceUid: "S", seriesInstanceUid: "enh", sopInstanceUid: "E", frames: 15, perFrame };
    const result = selectSeries([enhanced, ...axial()]);
    expect(result.sagittalImages).toHaveLength(10);
    expect(result.sagittalImages.every((i) => i.stackId === "1")).toBe(true);
    expect(result.setAside).toEqual([expect.objectContaining({ sopInstanceUid: "E", frameIndex: 3 })]);
    expect(result.ignored.map((i) => i.reason)).toEqual(["stack 2: another sagittal T2 series (the largest is used)"]);
  });
});

describe("echo clustering", () => {
  it("keeps one echo whose TE is rounded differently slice by slice (99.8–100.3 ms) together", () => {
    const slices = stack("sag", 11, sag).map((i, k) => ({ ...i, echoTime: 99.8 + (k % 6) * 0.1 }));
    const result = selectSeries([...slices, ...axial()]);
    expect(result.sagittalImages).toHaveLength(11);
    expect(result.warnings).toEqual([]);
  });
});
