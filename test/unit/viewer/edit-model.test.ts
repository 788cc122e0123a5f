import { describe, expect, it } from "vitest";
import type { TSliceLevelData, TVertebraBoxData } from "../../../lib/annotations/schemas";
import type { TViewerImage } from "../../../lib/review/study-view";
import { recomputeSliceLevels, shownValue, withCenter } from "../../../components/viewer/edit-model";
import { VERTEBRA_LABELS } from "../../../lib/phantom/truth";

const base = { instanceNumber: 1, rows: 200, columns: 200, pixelRepresentation: 0, bitsStored: 12, photometricInterpretation: "MONOCHROME2", rescaleSlope: 1, rescaleIntercept: 0, windowCenter: null, windowWidth: null };
// Sagittal: x = column runs anterior→posterior (+y LPS), y = row runs head→feet (−z); 1 mm pixels.
const sagittal: TViewerImage = { ...base, key: "sag", sopInstanceUid: "sag", geometry: { imagePositionPatient: [0, -100, 100], rowCosines: [0, 1, 0], columnCosines: [0, 0, -1], pixelSpacing: [1, 1], rows: 200, columns: 200 } };
const axialAt = (z: number): TViewerImage => ({ ...base, key: `ax${z}`, sopInstanceUid: `ax${z}`, geometry: { imagePositionPatient: [-100, -100, z], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0], pixelSpacing: [1, 1], rows: 200, columns: 200 } });
// Vertebra centres at rows 20, 58, 96, 134, 172, 210 → z = 80.5, 42.5, 4.5, −33.5, −71.5, −109.5 (38 mm apart).
const boxes: TVertebraBoxData[] = VERTEBRA_LABELS.map((label, i) => ({ label, sopInstanceUid: "sag", box: [90, 5 + i * 38, 110, 35 + i * 38] }));

describe("viewer edit model", () => {
  const axial = [axialAt(-53), axialAt(23)];
  const images = new Map([sagittal, ...axial].map((i) => [i.key, i]));

  it("assigns slice levels from the boxes with lib/geometry, the server's rule", () => {
    const levels = recomputeSliceLevels(boxes, images, axial, () => null);
    expect(levels.map((l) => l.level)).toEqual(["L4-L5", "L2-L3"]);
    expect(levels[0]!.distanceMm).toBeCloseTo(-0.5, 5);
  });

  it("moving L4 below a slice moves that slice to L3-L4 and reports only what changed", () => {
    const before = new Map(recomputeSliceLevels(boxes, images, axial, () => null).map((l) => [l.sopInstanceUid, l] as const));
    const moved = boxes.map((b) => (b.label === "L4" ? { ...b, box: [90, 150, 110, 180] as [number, number, number, number] } : b));
    const changed = recomputeSliceLevels(moved, images, axial, (uid) => before.get(uid) ?? null);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ sopInstanceUid: "ax-53", level: "L3-L4" });
  });

  it("a 3 px nudge that moves only distances records no slice level (issue 17)", () => {
    const before = new Map(recomputeSliceLevels(boxes, images, axial, () => null).map((l) => [l.sopInstanceUid, l] as const));
    const nudged = boxes.map((b) => (b.label === "L4" ? { ...b, box: [b.box[0] + 3, b.box[1] + 3, b.box[2] + 3, b.box[3] + 3] as [number, number, number, number] } : b));
    const changed = recomputeSliceLevels(nudged, images, axial, (uid) => before.get(uid) ?? null);
    expect(changed).toEqual([]);
  });

  it("names the frames of a multi-frame axial by key: each frame gets its own level, with its frameIndex", () => {
    // Two frames of one enhanced object at the same z as the single-frame slices above.
    const frames = [-53, 23].map((z, frameIndex): TViewerImage => ({ ...axialAt(z), key: `enh[${frameIndex}]`, sopInstanceUid: "enh", frameIndex }));
    const all = new Map([sagittal, ...frames].map((i) => [i.key, i]));
    const levels = recomputeSliceLevels(boxes, all, frames, () => null);
    expect(levels.map((l) => [l.sopInstanceUid, l.frameIndex, l.level])).toEqual([["enh", 0, "L4-L5"], ["enh", 1, "L2-L3"]]);
    // Frame 1 already shows L2-L3: only frame 0 is reported (looked up by key, not by the shared UID).
    const shown = new Map([["enh[1]", levels[1]!]]);
    expect(recomputeSliceLevels(boxes, all, frames, (key) => shown.get(key) ?? null).map((l) => l.frameIndex)).toEqual([0]);
  });

  it("recomputes a moved box's centre in LPS mm", () => {
    const c = withCenter({ label: "L1", sopInstanceUid: "sag", box: [90, 5, 110, 35] }, images).centerPatient!;
    expect(c[1]).toBeCloseTo(-0.5, 5);
    expect(c[2]).toBeCloseTo(80.5, 5);
  });

  it("shows a local value over the server head, and hides deleted heads", () => {
    const level: TSliceLevelData = { sopInstanceUid: "x", level: null, distanceMm: null, flags: [] };
    const head = { kind: "SLICE_LEVEL" as const, key: "x", annotationId: "a", readingId: "r", revisionId: "v", seq: 1, source: "AI" as const, deleted: true, data: level, score: null, modelVersionId: null, authorId: null, replacesRevisionId: null, createdAt: "" };
    const server = new Map([["SLICE_LEVEL\u0000x", head]]);
    expect(shownValue("SLICE_LEVEL\u0000x", server, new Map())).toBeNull();
    expect(shownValue("SLICE_LEVEL\u0000x", server, new Map([["SLICE_LEVEL\u0000x", level]]))).toEqual(level);
  });
});
