import type { Instance } from "@prisma/client";
import { describe, expect, it } from "vitest";
import type { ImageGeometry } from "@/lib/dicom/types";
import { viewerSeriesOf, type TSeriesRow } from "@/lib/review/viewer-series";

let uid = 0;
/** An Instance row as Prisma returns it; position LPS mm, orientation row then column cosines. */
function instance(position: [number, number, number], orientation: number[], extra: Partial<Instance> = {}): Instance {
  uid += 1;
  return {
    id: `i${uid}`, sopInstanceUid: `1.2.${uid}`, seriesId: "s", sopClassUid: null, instanceNumber: uid, transferSyntaxUid: "1.2.840.10008.1.2.1", sha256: `sha${uid}`, byteSize: 1,
    rows: 10, columns: 10, frames: 1, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0, photometricInterpretation: "MONOCHROME2",
    rescaleSlope: 1, rescaleIntercept: 0, windowCenter: null, windowWidth: null, imagePositionPatient: position, imageOrientationPatient: orientation, pixelSpacing: [1, 1],
    sliceThickness: 4, frameOfReferenceUid: null, warnings: [], createdAt: new Date(0), ...extra,
  };
}
function series(seriesInstanceUid: string, plane: string, weighting: string, seriesNumber: number, instances: Instance[], description: string | null = null): TSeriesRow {
  return { id: seriesInstanceUid, seriesInstanceUid, studyId: "st", seriesNumber, description, modality: "MR", plane: plane as TSeriesRow["plane"], weighting: weighting as TSeriesRow["weighting"], frameOfReferenceUid: null, echoTime: null, repetitionTime: null, createdAt: new Date(0), instances };
}
const AXIAL = [1, 0, 0, 0, 1, 0];
// Tilted 10° about x: a second block of the same series at another angulation.
const TILTED = [1, 0, 0, 0, Math.cos(0.1745), -Math.sin(0.1745)];
const SAGITTAL = [0, 1, 0, 0, 0, -1];

describe("viewerSeriesOf", () => {
  it("lists every series, sagittal then axial (cranial first) then coronal, with count, levels and description as given", () => {
    const sag = series("sag", "SAGITTAL", "T2", 2, [instance([4, 0, 0], SAGITTAL), instance([-4, 0, 0], SAGITTAL), instance([0, 0, 0], SAGITTAL)], "<b>T2 SAG</b>");
    const t1 = series("t1", "SAGITTAL", "T1", 3, [instance([0, 0, 0], SAGITTAL)]);
    const low = series("axLow", "AXIAL", "T2", 4, [instance([0, 0, -50], AXIAL), instance([0, 0, -46], AXIAL)]);
    const high = series("axHigh", "AXIAL", "T2", 5, [instance([0, 0, 40], AXIAL)]);
    const cor = series("cor", "CORONAL", "T2", 1, [instance([0, 0, 0], [1, 0, 0, 0, 0, -1])]);
    const levels = new Map([[low.instances[0]!.sopInstanceUid, "L4-L5" as const], [low.instances[1]!.sopInstanceUid, "L4-L5" as const], [high.instances[0]!.sopInstanceUid, "L1-L2" as const]]);
    const out = viewerSeriesOf([cor, low, t1, high, sag], levels);
    expect(out.map((s) => [s.key, s.plane, s.images.length, s.levels])).toEqual([
      ["sag", "SAGITTAL", 3, []],
      ["t1", "SAGITTAL", 1, []],
      ["axHigh", "AXIAL", 1, ["L1-L2"]],
      ["axLow", "AXIAL", 2, ["L4-L5"]],
      ["cor", "CORONAL", 1, []],
    ]);
    // Untrusted text is passed through as data (the browser renders it as text).
    expect(out[0]!.description).toBe("<b>T2 SAG</b>");
    // Sagittal right (−x) to left (+x); axial cranial first.
    expect(out[0]!.images.map((i) => i.geometry!.imagePositionPatient[0])).toEqual([-4, 0, 4]);
    expect(out[3]!.images.map((i) => i.geometry!.imagePositionPatient[2])).toEqual([-46, -50]);
  });

  it("splits a series acquired at two angulations into two stacks, each with its own levels", () => {
    const a = [instance([0, 0, 10], AXIAL), instance([0, 0, 14], AXIAL)];
    const b = [instance([0, 0, -30], TILTED), instance([0, 0, -26], TILTED), instance([0, 0, -22], TILTED)];
    const one = series("ax", "AXIAL", "T2", 3, [b[0]!, a[0]!, b[1]!, a[1]!, b[2]!]);
    const levels = new Map([[a[0]!.sopInstanceUid, "L2-L3" as const], [b[0]!.sopInstanceUid, "L4-L5" as const]]);
    const out = viewerSeriesOf([one], levels);
    expect(out.map((s) => [s.key, s.part, s.images.length, s.levels])).toEqual([
      ["ax#1", "stack 1 of 2", 2, ["L2-L3"]],
      ["ax#2", "stack 2 of 2", 3, ["L4-L5"]],
    ]);
  });

  it("names each stack of a split series by its own orientation (a three-plane localizer)", () => {
    const loc = series("loc", "SAGITTAL", "OTHER", 1, [instance([0, 0, 0], SAGITTAL), instance([0, 0, 0], AXIAL), instance([0, 0, 0], [1, 0, 0, 0, 0, -1])], "localizer");
    expect(viewerSeriesOf([loc], new Map()).map((s) => s.plane)).toEqual(["SAGITTAL", "AXIAL", "CORONAL"]);
  });

  it("counts each frame of a multi-frame image as a slice, keyed uid[frame], with the frame's own geometry", () => {
    const enhanced = instance([0, 0, 0], SAGITTAL, { frames: 3 });
    const at = (x: number): ImageGeometry => ({ imagePositionPatient: [x, 0, 0], rowCosines: [0, 1, 0], columnCosines: [0, 0, -1], pixelSpacing: [1, 1], rows: 10, columns: 10 });
    const out = viewerSeriesOf([series("enh", "SAGITTAL", "T2", 1, [enhanced])], new Map(), new Map([[enhanced.sopInstanceUid, [at(0), at(8), at(-8)]]]));
    expect(out[0]!.images.map((i) => [i.key, i.frameIndex, i.geometry!.imagePositionPatient[0]])).toEqual([
      [`${enhanced.sopInstanceUid}[2]`, 2, -8],
      [`${enhanced.sopInstanceUid}[0]`, 0, 0],
      [`${enhanced.sopInstanceUid}[1]`, 1, 8],
    ]);
    // Without the frames' geometry (file unreadable): still three slices, frame order.
    const bare = viewerSeriesOf([series("enh", "SAGITTAL", "T2", 1, [enhanced])], new Map());
    expect(bare[0]!.images.map((i) => i.frameIndex)).toEqual([0, 1, 2]);
  });
});
