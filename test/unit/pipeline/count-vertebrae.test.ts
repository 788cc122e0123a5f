import { describe, expect, it } from "vitest";
import type { ImageGeometry, Vec3 } from "@/lib/dicom/types";
import { countedName, countVertebrae } from "@/lib/pipeline/count-vertebrae";
import { spineBodyFromBox, type SpineBody, type TBodyKind } from "@/lib/pipeline/spine-body";

// A normal lumbar spine for the hand-computed cases: body centres 38 mm apart along patient z,
// S1 at z = 0, L5 at 38, … L1 at 190, T12 at 228; boxes 25 mm high and 35 mm deep, so a disc
// space is 38 − 25 = 13 mm. `ref` is the name the test expects, to read results by.
interface Ref {
  id: string;
}
const body = (kind: TBodyKind, id: string, center: Vec3, o: { score?: number; h?: number; d?: number; slice?: number } = {}): SpineBody<Ref> => ({
  kind,
  score: o.score ?? 0.9,
  center,
  heightMm: o.h ?? 25,
  depthMm: o.d ?? 35,
  sliceOffset: o.slice ?? 0,
  ref: { id },
});
const at = (z: number): Vec3 => [0, 0, z];
const SAGITTAL_NORMAL: Vec3 = [1, 0, 0];
const normalSpine = (): SpineBody<Ref>[] => [
  body("sacrum", "S1", at(0)),
  body("vertebra", "L5", at(38)),
  body("vertebra", "L4", at(76)),
  body("vertebra", "L3", at(114)),
  body("vertebra", "L2", at(152)),
  body("vertebra", "L1", at(190)),
];
const names = (c: ReturnType<typeof countVertebrae<Ref>>) => c.bodies.map((b) => [b.ref.id, b.name]);

describe("countedName", () => {
  it("counts S1, L5…L1, T12…T1 and nothing above", () => {
    expect([0, 1, 5, 6, 17, 18].map(countedName)).toEqual(["S1", "L5", "L1", "T12", "T1", null]);
  });
});

describe("countVertebrae", () => {
  it("names a complete lumbar spine from the sacrum up, without flags", () => {
    const c = countVertebrae(normalSpine(), { normal: SAGITTAL_NORMAL });
    expect(c.basis).toBe("sacrum");
    expect(names(c)).toEqual([
      ["S1", "S1"],
      ["L5", "L5"],
      ["L4", "L4"],
      ["L3", "L3"],
      ["L2", "L2"],
      ["L1", "L1"],
    ]);
    expect(c.medianStepMm).toBeCloseTo(38, 9);
    expect(c.flags).toEqual([]);
    expect(c.inferred).toEqual([]);
  });

  it("names an extra body above L1 T12 and leaves the lumbar names alone", () => {
    const c = countVertebrae([...normalSpine(), body("vertebra", "T12", at(228), { h: 23, d: 31 })], { normal: SAGITTAL_NORMAL });
    expect(names(c).at(-1)).toEqual(["T12", "T12"]);
    expect(names(c).at(-2)).toEqual(["L1", "L1"]);
    expect(c.flags).toEqual([]);
  });

  it("counts a missed body into a gap of two steps", () => {
    // L3 (z 114) not detected: steps 38, 38, 76, 38 → median 38, the 76 mm step is 2.0× → one body missing.
    const c = countVertebrae(normalSpine().filter((b) => b.ref.id !== "L3"), { normal: SAGITTAL_NORMAL });
    expect(names(c)).toEqual([
      ["S1", "S1"],
      ["L5", "L5"],
      ["L4", "L4"],
      ["L2", "L2"],
      ["L1", "L1"],
    ]);
    expect(c.inferred).toEqual(["L3"]);
    expect(c.flags).toEqual([]);
  });

  it("flags a gap that is not a whole number of steps", () => {
    // Steps 38, 62.7, 38, 38: median 38, ratio 1.65 > 1.6 → one body counted in, but 1.65 is
    // 0.35 from 2 (> 0.3): the count above may be off by one.
    const c = countVertebrae(
      [body("sacrum", "S1", at(0)), body("vertebra", "L5", at(38)), body("vertebra", "L3?", at(100.7)), body("vertebra", "L2?", at(138.7)), body("vertebra", "L1?", at(176.7))],
      { normal: SAGITTAL_NORMAL },
    );
    expect(names(c).map((x) => x[1])).toEqual(["S1", "L5", "L3", "L2", "L1"]);
    expect(c.flags).toEqual(["counting-uncertain"]);
  });

  it("names nothing when the field of view starts at L2 and holds no sacrum", () => {
    const c = countVertebrae(normalSpine().filter((b) => b.kind === "vertebra" && b.ref.id !== "L1"), { normal: SAGITTAL_NORMAL });
    expect(c.basis).toBe("none");
    expect(c.flags).toEqual(["counting-uncertain"]);
    // The four bodies stay listed (lowest first) for a reader to name, with no name.
    expect(names(c)).toEqual([
      ["L5", null],
      ["L4", null],
      ["L3", null],
      ["L2", null],
    ]);
    expect(c.notes[0]).toMatch(/No sacrum/);
  });

  it("does not trust a sacrum box with the lumbar bodies below it (an upside-down reading)", () => {
    // Sacrum read at the top (z 228) above five bodies: impossible; nothing is named.
    const c = countVertebrae([...normalSpine().filter((b) => b.kind === "vertebra"), body("sacrum", "false", at(228))], { normal: SAGITTAL_NORMAL });
    expect(c.basis).toBe("none");
    expect(c.flags).toEqual(["counting-uncertain"]);
    expect(c.notes[0]).toMatch(/lies above 5 vertebral bodies/);
    // With the true sacrum also detected (weaker), the true one is used.
    const both = countVertebrae([...normalSpine().map((b) => (b.kind === "sacrum" ? { ...b, score: 0.5 } : b)), body("sacrum", "false", at(228))], { normal: SAGITTAL_NORMAL });
    expect(names(both).slice(0, 2)).toEqual([
      ["S1", "S1"],
      ["L5", "L5"],
    ]);
  });

  it("takes a faint sacrum box (under 0.2) for S1 only when no confident one exists and nothing lies below it, flagged", () => {
    // The sacrum cut by the lower edge of the field of view: read at 0.15, centre pulled up 10 mm.
    const faint = normalSpine().map((b) => (b.ref.id === "S1" ? { ...b, score: 0.15, center: at(10), heightMm: 15, partial: true } : b));
    const c = countVertebrae(faint, { normal: SAGITTAL_NORMAL });
    expect(c.basis).toBe("sacrum");
    expect(names(c).map((x) => x[1])).toEqual(["S1", "L5", "L4", "L3", "L2", "L1"]);
    expect(c.flags).toEqual(["counting-uncertain"]);
    expect(c.notes.join(" ")).toMatch(/seen only faintly \(score 0\.15, cut by the edge of the image\)/);
    // No sacralisation sign from a box that is not the whole S1 (the L5–S1 space measures 28 − 20 = 8 mm
    // against 13 above, and would measure under 3.9 mm with the centre any closer).
    const closer = countVertebrae(
      faint.map((b) => (b.ref.id === "S1" ? { ...b, center: at(16), heightMm: 30 } : b)),
      { normal: SAGITTAL_NORMAL },
    );
    expect(closer.flags).toEqual(["counting-uncertain"]);
    expect(closer.notes.join(" ")).not.toMatch(/sacralisation/);

    // A faint sacrum box on L4 (an L5 below it) is not S1: nothing is named.
    const onL4 = [...normalSpine().filter((b) => b.kind === "vertebra"), body("sacrum", "false", at(76), { score: 0.15 })];
    const none = countVertebrae(onL4, { normal: SAGITTAL_NORMAL });
    expect(none.basis).toBe("none");
    expect(none.flags).toEqual(["counting-uncertain"]);

    // Beside a confident sacrum box, a faint one plays no part (not even as a body above S1).
    const withConfident = countVertebrae([...normalSpine(), body("sacrum", "faint", at(95), { score: 0.15 })], { normal: SAGITTAL_NORMAL });
    expect(names(withConfident).map((x) => x[0])).toEqual(["S1", "L5", "L4", "L3", "L2", "L1"]);
    expect(withConfident.flags).toEqual([]);
  });

  it("flags too few bodies above the sacrum to check the sequence", () => {
    const c = countVertebrae(normalSpine().slice(0, 2), { normal: SAGITTAL_NORMAL });
    expect(names(c)).toEqual([
      ["S1", "S1"],
      ["L5", "L5"],
    ]);
    expect(c.flags).toEqual(["counting-uncertain"]);
  });

  it("takes two boxes on one body (and a vertebra box on S1) as one", () => {
    const c = countVertebrae(
      [
        ...normalSpine(),
        body("vertebra", "L4 again", at(79), { score: 0.6 }), // 3 mm from L4: fused (< 12.5 mm)
        body("vertebra", "S1 as vertebra", at(1), { score: 0.95 }), // on the S1 body: the sacrum box wins
        body("vertebra", "L2 shifted", at(166), { score: 0.5 }), // 14 mm above L2: steps 14 and 24 < 19 = half the median
      ],
      { normal: SAGITTAL_NORMAL },
    );
    expect(names(c)).toEqual([
      ["S1", "S1"],
      ["L5", "L5"],
      ["L4", "L4"],
      ["L3", "L3"],
      ["L2", "L2"],
      ["L1", "L1"],
    ]);
    expect(c.bodies.find((b) => b.ref.id === "L4")!.support).toBe(2);
    expect(c.flags).toEqual([]);
  });

  it("does not take a weak sacrum box on L5 for S1 when the vertebra class reads that body", () => {
    // Seen with the v0.2 detector on phantoms: sacrum 0.31 on L5 (vertebra 0.77 there) and sacrum
    // 0.62 on S1 (vertebra 0.45 there). Margins: L5 0.31 − 0.77 = −0.46 < −0.3, S1 +0.17.
    const c = countVertebrae(
      [
        ...normalSpine().map((b) => (b.ref.id === "S1" ? { ...b, score: 0.62 } : b.ref.id === "L5" ? { ...b, score: 0.77 } : b)),
        body("vertebra", "S1 as vertebra", at(1), { score: 0.45 }),
        body("sacrum", "L5 as sacrum", at(37), { score: 0.31 }),
      ],
      { normal: SAGITTAL_NORMAL },
    );
    expect(names(c)).toEqual([
      ["S1", "S1"],
      ["L5", "L5"],
      ["L4", "L4"],
      ["L3", "L3"],
      ["L2", "L2"],
      ["L1", "L1"],
    ]);
    expect(c.flags).toEqual([]);
  });

  it("takes the most cranial of two sacrum boxes for S1, even when S2's scores higher", () => {
    // Seen with the v0.2 detector: sacrum 0.55 on S2 (38 mm below S1), sacrum 0.53 and vertebra
    // 0.54 on S1 (margin −0.01 ≥ −0.3): S1 is the cranial box.
    const c = countVertebrae(
      [
        ...normalSpine().map((b) => (b.ref.id === "S1" ? { ...b, score: 0.53 } : b)),
        body("vertebra", "S1 as vertebra", at(-2), { score: 0.54 }),
        body("sacrum", "S2", at(-38), { score: 0.55 }),
      ],
      { normal: SAGITTAL_NORMAL },
    );
    expect(names(c).slice(0, 2)).toEqual([
      ["S1", "S1"],
      ["L5", "L5"],
    ]);
    expect(c.belowSacrum.map((b) => b.ref.id)).toEqual(["S2"]);
  });

  it("takes the lowest sacrum box, flagged, when every sacrum box is read more strongly as a vertebra", () => {
    // Seen on phantom 101: sacrum 0.35 / vertebra 0.68 on S1 (margin −0.33), sacrum 0.35 /
    // vertebra 0.72 on L5 (−0.37): both fail the 0.3 margin; the lower one is S1.
    const c = countVertebrae(
      [
        ...normalSpine().map((b) => (b.ref.id === "S1" ? { ...b, score: 0.35 } : b.ref.id === "L5" ? { ...b, score: 0.72 } : b)),
        body("vertebra", "S1 as vertebra", at(0), { score: 0.68 }),
        body("sacrum", "L5 as sacrum", at(39), { score: 0.35 }),
      ],
      { normal: SAGITTAL_NORMAL },
    );
    expect(names(c).map((x) => x[1])).toEqual(["S1", "L5", "L4", "L3", "L2", "L1"]);
    expect(c.bodies[0]!.ref.id).toBe("S1");
    expect(c.flags).toEqual(["counting-uncertain"]);
  });

  it("lets a weak box fill a gap but never add a level between confident bodies", () => {
    // A weak (0.3) box 20 mm above L4 — a partial box, not a body — with confident L1–L5 around it:
    // ignored (steps 38 everywhere, no gap). With L3 itself weak (0.3), it fills the 76 mm gap.
    const stray = countVertebrae([...normalSpine(), body("vertebra", "stray", [0, 8, 96], { score: 0.3 })], { normal: SAGITTAL_NORMAL });
    expect(names(stray).map((x) => x[0])).toEqual(["S1", "L5", "L4", "L3", "L2", "L1"]);
    const weakL3 = countVertebrae(normalSpine().map((b) => (b.ref.id === "L3" ? { ...b, score: 0.3 } : b)), { normal: SAGITTAL_NORMAL });
    expect(names(weakL3)).toEqual([
      ["S1", "S1"],
      ["L5", "L5"],
      ["L4", "L4"],
      ["L3", "L3"],
      ["L2", "L2"],
      ["L1", "L1"],
    ]);
    expect(weakL3.inferred).toEqual([]);
  });

  it("gives the same names whatever the order of the input", () => {
    const forward = countVertebrae(normalSpine(), { normal: SAGITTAL_NORMAL });
    const reversed = countVertebrae([...normalSpine()].reverse(), { normal: SAGITTAL_NORMAL });
    expect(names(reversed)).toEqual(names(forward));
  });

  it("orders a curved, tilted spine along its own axis", () => {
    // Lordosis: centres on an arc of radius 150 mm (38 mm chords, 14.6° each: 73° in all) in the
    // y–z plane, the whole spine tilted 30° forward. Patient z alone would still be monotone
    // here; what matters is that the steps are measured along the curve, so no gap is invented.
    const step = 2 * Math.asin(38 / 300);
    const tilt = (30 * Math.PI) / 180;
    const ids = ["S1", "L5", "L4", "L3", "L2", "L1"];
    const curved = ids.map((id, k) => {
      const a = tilt + (k - 2.5) * step;
      return body(k === 0 ? "sacrum" : "vertebra", id, [0, 150 * Math.cos(a) - 150, 150 * Math.sin(a)]);
    });
    const c = countVertebrae(curved, { normal: SAGITTAL_NORMAL });
    expect(names(c)).toEqual(ids.map((id) => [id, id]));
    expect(c.medianStepMm).toBeCloseTo(38, 6);
    expect(c.flags).toEqual([]);
  });

  it("fuses the mid-sagittal image with its neighbours: a body seen only beside the midline is counted", () => {
    // L3 only on the image 4 mm to the left (slice +1); L4 weak on the mid image, strong on slice −1.
    const c = countVertebrae(
      [
        ...normalSpine().filter((b) => b.ref.id !== "L3" && b.ref.id !== "L4"),
        body("vertebra", "L3 beside", [4, 0, 114], { slice: 1 }),
        body("vertebra", "L4 mid", at(76), { score: 0.4 }),
        body("vertebra", "L4 beside", [-4, 0, 77], { score: 0.9, slice: -1 }),
      ],
      { normal: SAGITTAL_NORMAL },
    );
    expect(names(c).map((x) => x[1])).toEqual(["S1", "L5", "L4", "L3", "L2", "L1"]);
    const l4 = c.bodies.find((b) => b.name === "L4")!;
    // The mid image's box is shown, with the best score of the two and both detections behind it.
    expect([l4.ref.id, l4.score, l4.support]).toEqual(["L4 mid", 0.9, 2]);
    expect(c.bodies.find((b) => b.name === "L3")!.ref.id).toBe("L3 beside");
    expect(c.inferred).toEqual([]);
  });

  it("reads feet-first and head-first images of the same spine alike", () => {
    // Sagittal image, 1 mm pixels, columns anterior→posterior (+y). Head-first: rows run head→feet
    // (−z) from z = 200; feet-first: rows run feet→head (+z) from z = −55. Row r sits at
    // z = 200 − (r − 0.5) head-first and z = −55 + (r − 0.5) feet-first.
    const hfs: ImageGeometry = { imagePositionPatient: [0, 0, 200], rowCosines: [0, 1, 0], columnCosines: [0, 0, -1], pixelSpacing: [1, 1], rows: 256, columns: 256 };
    const ffs: ImageGeometry = { ...hfs, imagePositionPatient: [0, 0, -55], columnCosines: [0, 0, 1] };
    const zs = [0, 38, 76, 114, 152, 190];
    const boxAt = (g: ImageGeometry, z: number): [number, number, number, number] => {
      const row = g === hfs ? 200 - z + 0.5 : z + 55 + 0.5;
      return [100, row - 12.5, 135, row + 12.5];
    };
    const read = (g: ImageGeometry) =>
      countVertebrae(
        zs.map((z, k) => spineBodyFromBox(g, boxAt(g, z), { kind: k === 0 ? "sacrum" : "vertebra", score: 0.9, sliceOffset: 0, ref: { id: `z${z}` } })),
        { normal: SAGITTAL_NORMAL },
      );
    const a = read(hfs);
    const b = read(ffs);
    expect(names(a)).toEqual([
      ["z0", "S1"],
      ["z38", "L5"],
      ["z76", "L4"],
      ["z114", "L3"],
      ["z152", "L2"],
      ["z190", "L1"],
    ]);
    expect(names(b)).toEqual(names(a));
    // The box is 25 rows high and 35 columns deep: height along the rows (the z axis).
    expect([a.bodies[0]!.heightMm, a.bodies[0]!.depthMm]).toEqual([25, 35]);
  });
});

describe("transitional vertebra signs", () => {
  it("flags a squared S1 with a well-formed disc below it (lumbarisation)", () => {
    // S2 38 mm below S1: space 38 − 25 = 13 mm = the lumbar disc space (≥ half of it); S1 as
    // square as L3–L5 (25/35 each).
    const c = countVertebrae([...normalSpine(), body("sacrum", "S2", at(-38), { score: 0.4 })], { normal: SAGITTAL_NORMAL });
    expect(names(c)[0]).toEqual(["S1", "S1"]);
    expect(c.belowSacrum.map((b) => b.ref.id)).toEqual(["S2"]);
    expect(c.flags).toEqual(["transitional-vertebra-suspected"]);
    expect(c.notes.join(" ")).toMatch(/lumbarisation/);
  });

  it("does not flag S2 fused to S1 (no disc space) or a tall, unsquared S1", () => {
    // S2 30 mm below: space 30 − 25 = 5 mm < 6.5 mm (half of 13).
    const fused = countVertebrae([...normalSpine(), body("sacrum", "S2", at(-30), { score: 0.4 })], { normal: SAGITTAL_NORMAL });
    expect(fused.flags).toEqual([]);
    // S1 box 25 high, 50 deep: 0.5 < 0.85 × 0.714 = 0.607, not squared.
    const wide = normalSpine().map((b) => (b.ref.id === "S1" ? { ...b, depthMm: 50 } : b));
    expect(countVertebrae([...wide, body("sacrum", "S2", at(-38), { score: 0.4 })], { normal: SAGITTAL_NORMAL }).flags).toEqual([]);
  });

  it("flags a rudimentary L5–S1 disc (sacralisation)", () => {
    // L5 26 mm above S1: space 26 − 25 = 1 mm < 0.3 × 13 = 3.9 mm; step 26 < 0.7 × 38 = 26.6 mm.
    const spine = normalSpine().map((b) => (b.ref.id === "L5" ? { ...b, center: at(26) } : b));
    const c = countVertebrae(spine, { normal: SAGITTAL_NORMAL });
    expect(names(c).map((x) => x[1])).toEqual(["S1", "L5", "L4", "L3", "L2", "L1"]);
    expect(c.flags).toEqual(["transitional-vertebra-suspected"]);
    expect(c.notes.join(" ")).toMatch(/sacralisation/);
  });
});
