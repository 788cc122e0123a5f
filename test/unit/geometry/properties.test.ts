import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeLevels } from "@/lib/analysis/analyze-levels";
import { assignSliceLevels, type AxialImage } from "@/lib/analysis/assign-slice-levels";
import type { Box, ImageGeometry, InstanceMeta, Vec3 } from "@/lib/dicom/types";
import { boxCenterToPatient, type LabelledVertebra } from "@/lib/geometry";
import { generateStudy, plannedInstanceMeta, VARIANTS, type GeneratedStudy } from "@/lib/phantom";

/** One study as the level rule sees it: the mid-sagittal geometry, the truth boxes, the axial images. */
interface Scene {
  mid: ImageGeometry;
  boxes: { label: LabelledVertebra["label"]; box: Box }[];
  axial: AxialImage[];
}

function sceneOf(study: GeneratedStudy): Scene {
  const axial = study.plan.series
    .filter((s) => s.kind === "axial-t2")
    .flatMap((s) => s.images.map((i) => ({ sopInstanceUid: i.sopInstanceUid, seriesInstanceUid: s.seriesInstanceUid, geometry: i.geometry })));
  return { mid: study.plan.mid.geometry, boxes: study.truth.vertebrae.map((v) => ({ label: v.label, box: v.box })), axial };
}

function levelsOf(scene: Scene) {
  const vertebrae = scene.boxes.map((b) => ({ label: b.label, centerPatient: boxCenterToPatient(scene.mid, b.box) }));
  return new Map(assignSliceLevels(vertebrae, scene.axial).map((s) => [s.sopInstanceUid, s]));
}

function rotation(a: number, b: number, c: number): (v: Vec3) => Vec3 {
  const [ca, sa, cb, sb, cc, sc] = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b), Math.cos(c), Math.sin(c)];
  const m = [cc * cb, cc * sb * sa - sc * ca, cc * sb * ca + sc * sa, sc * cb, sc * sb * sa + cc * ca, sc * sb * ca - cc * sa, -sb, cb * sa, cb * ca];
  return (v) => [m[0]! * v[0] + m[1]! * v[1] + m[2]! * v[2], m[3]! * v[0] + m[4]! * v[1] + m[5]! * v[2], m[6]! * v[0] + m[7]! * v[1] + m[8]! * v[2]];
}

function transformGeometry(g: ImageGeometry, rotate: (v: Vec3) => Vec3, t: Vec3): ImageGeometry {
  const p = rotate(g.imagePositionPatient);
  return { ...g, imagePositionPatient: [p[0] + t[0], p[1] + t[1], p[2] + t[2]], rowCosines: rotate(g.rowCosines), columnCosines: rotate(g.columnCosines) };
}

/** Mirrors an image: the same pixels read from the other side, IPP moved to the new first pixel. */
function flipGeometry(g: ImageGeometry, flipRows: boolean, flipColumns: boolean): ImageGeometry {
  let ipp = g.imagePositionPatient;
  let row = g.rowCosines;
  let col = g.columnCosines;
  if (flipRows) {
    const d = (g.columns - 1) * g.pixelSpacing[1];
    ipp = [ipp[0] + d * row[0], ipp[1] + d * row[1], ipp[2] + d * row[2]];
    row = [-row[0], -row[1], -row[2]];
  }
  if (flipColumns) {
    const d = (g.rows - 1) * g.pixelSpacing[0];
    ipp = [ipp[0] + d * col[0], ipp[1] + d * col[1], ipp[2] + d * col[2]];
    col = [-col[0], -col[1], -col[2]];
  }
  return { ...g, imagePositionPatient: ipp, rowCosines: row, columnCosines: col };
}

function expectSameLevels(a: Map<string, { level: string | null; distanceMm: number | null }>, b: typeof a) {
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [sop, x] of a) {
    const y = b.get(sop)!;
    expect(y.level).toBe(x.level);
    if (x.distanceMm === null) expect(y.distanceMm).toBeNull();
    else expect(y.distanceMm).toBeCloseTo(x.distanceMm, 1);
  }
}

const seedArb = fc.integer({ min: 0, max: 100_000 });
const variantArb = fc.constantFrom(...VARIANTS);
const angle = fc.double({ min: -Math.PI, max: Math.PI, noNaN: true });
const offset = fc.double({ min: -800, max: 800, noNaN: true });
const study = (seed: number, variant: (typeof VARIANTS)[number]) => generateStudy({ seed, variant, pixels: false });

describe("step 2 invariances (fast-check over generated studies)", () => {
  it("any rigid transform of the whole study leaves every level and distance unchanged", () => {
    fc.assert(
      fc.property(seedArb, variantArb, angle, angle, angle, offset, offset, offset, (seed, variant, a, b, c, tx, ty, tz) => {
        const scene = sceneOf(study(seed, variant));
        const rotate = rotation(a, b, c);
        const t: Vec3 = [tx, ty, tz];
        const moved: Scene = {
          mid: transformGeometry(scene.mid, rotate, t),
          boxes: scene.boxes,
          axial: scene.axial.map((i) => ({ ...i, geometry: transformGeometry(i.geometry, rotate, t) })),
        };
        expectSameLevels(levelsOf(scene), levelsOf(moved));
      }),
      { numRuns: 60 },
    );
  });

  it("reversed slice order and flipped in-plane axes (axial and sagittal) leave every level unchanged", () => {
    fc.assert(
      fc.property(seedArb, variantArb, fc.boolean(), fc.boolean(), fc.boolean(), (seed, variant, flipRows, flipColumns, flipSagittal) => {
        const scene = sceneOf(study(seed, variant));
        const mid = flipSagittal ? flipGeometry(scene.mid, true, false) : scene.mid;
        // Mirroring the sagittal image mirrors the boxes drawn on it.
        const boxes = flipSagittal ? scene.boxes.map((b) => ({ label: b.label, box: [scene.mid.columns - b.box[2], b.box[1], scene.mid.columns - b.box[0], b.box[3]] as Box })) : scene.boxes;
        const changed: Scene = {
          mid,
          boxes,
          axial: [...scene.axial].reverse().map((i) => ({ ...i, geometry: flipGeometry(i.geometry, flipRows, flipColumns) })),
        };
        expectSameLevels(levelsOf(scene), levelsOf(changed));
      }),
      { numRuns: 60 },
    );
  });

  it("splitting stacks into series or merging them into one series leaves every level unchanged", () => {
    fc.assert(
      fc.property(seedArb, variantArb, fc.boolean(), (seed, variant, merge) => {
        const s = study(seed, variant);
        const metas = plannedInstanceMeta(s);
        const vertebrae = s.truth.vertebrae.map((v) => ({ label: v.label, sopInstanceUid: s.truth.sagittal.midSopInstanceUid, box: v.box }));
        const stackOf = new Map(s.plan.series.flatMap((series) => series.images.map((i) => [i.sopInstanceUid, i.stackLevel])));
        const regrouped: InstanceMeta[] = metas.map((m) => {
          const level = stackOf.get(m.sopInstanceUid);
          if (!level || m.seriesDescription?.startsWith("T2 TSE TRA") !== true) return m;
          return { ...m, seriesInstanceUid: merge ? "merged-axial" : `stack-${level}` };
        });
        const before = analyzeLevels({ instances: metas, skippedFiles: [], vertebrae });
        const after = analyzeLevels({ instances: regrouped, skippedFiles: [], vertebrae });
        const map = (a: typeof before) => new Map(a.slices.map((x) => [x.sopInstanceUid, x]));
        expectSameLevels(map(before), map(after));
        const stacks = new Set(s.truth.slices.map((x) => stackOf.get(x.sopInstanceUid)));
        expect(after.series.axial).toHaveLength(merge ? 1 : stacks.size);
      }),
      { numRuns: 40 },
    );
  });
});
