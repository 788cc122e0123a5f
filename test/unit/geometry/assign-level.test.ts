import { describe, expect, it } from "vitest";
import type { Vec3 } from "@/lib/dicom/types";
import { assignLevel, type LabelledVertebra } from "@/lib/geometry";
import { VERTEBRA_LABELS } from "@/lib/phantom/truth";

/** A straight spine along z: L1 at z = 0, each vertebra 40 mm lower (S1 at z = -200). */
const straight: LabelledVertebra[] = VERTEBRA_LABELS.map((label, i) => ({ label, centerPatient: [0, 0, -40 * i] as Vec3 }));
const up: Vec3 = [0, 0, 1];
const down: Vec3 = [0, 0, -1];

describe("assignLevel (the paper's rule)", () => {
  it("assigns the disc between the last vertebra above and the first below", () => {
    // z = -58: L1 (0) and L2 (-40) above, L3 (-80) below → L2-L3; disc centre at -60 → +2 mm (cranial)
    expect(assignLevel([0, 0, -58], up, straight)).toEqual({ level: "L2-L3", distanceMm: 2, flags: [] });
  });
  it("gives the same level and distance when the normal is flipped (feet-first, flipped axes)", () => {
    expect(assignLevel([0, 0, -58], down, straight)).toEqual({ level: "L2-L3", distanceMm: 2, flags: [] });
  });
  it("does not depend on the order the vertebrae are listed in", () => {
    expect(assignLevel([0, 0, -181], up, [...straight].reverse())).toEqual({ level: "L5-S1", distanceMm: -1, flags: [] });
  });
  it("flags planes above L1 and below S1 with no level", () => {
    expect(assignLevel([0, 0, 12], up, straight)).toEqual({ level: null, distanceMm: null, flags: ["above-L1"] });
    expect(assignLevel([0, 0, -230], down, straight)).toEqual({ level: null, distanceMm: null, flags: ["below-S1"] });
  });
  it("keeps the level but flags off-disc slices (more than 0.15 of the centre spacing from the disc centre)", () => {
    // centre spacing 40 mm → 6 mm; z = -27 is 7 mm below the L1-L2 disc centre (-20), z = -15 only 5 mm above
    expect(assignLevel([0, 0, -27], up, straight)).toEqual({ level: "L1-L2", distanceMm: -7, flags: ["off-disc"] });
    expect(assignLevel([0, 0, -15], up, straight)).toEqual({ level: "L1-L2", distanceMm: 5, flags: [] });
  });
  it("refuses to guess across a missing vertebra", () => {
    const noL3 = straight.filter((v) => v.label !== "L3");
    expect(assignLevel([0, 0, -60], up, noL3)).toEqual({ level: null, distanceMm: null, flags: ["missing-vertebra"] });
    // with L1, L2 missing a plane above L3 cannot be named either
    const lower = straight.filter((v) => !["L1", "L2"].includes(v.label));
    expect(assignLevel([0, 0, -70], up, lower)).toEqual({ level: null, distanceMm: null, flags: ["missing-vertebra"] });
    expect(assignLevel([0, 0, -100], up, lower).level).toBe("L3-L4");
    expect(assignLevel([0, 0, 0], up, straight.slice(0, 1)).flags).toEqual(["missing-vertebra"]);
  });
  it("calls a plane that cuts the spine twice, or duplicate labels, ambiguous", () => {
    // a plane parallel to the spine axis, tilted so that the centres alternate sides
    const zigzag: LabelledVertebra[] = straight.map((v, i) => ({ label: v.label, centerPatient: [i % 2 ? 3 : -3, 0, v.centerPatient[2]] }));
    expect(assignLevel([0, 0, 0], [1, 0, 0], zigzag).flags).toEqual(["ambiguous"]);
    expect(assignLevel([0, 0, -58], up, [...straight, { label: "L2", centerPatient: [0, 0, -45] }]).flags).toEqual(["ambiguous"]);
  });
  it("works on a lordotic, tilted spine with an angled plane", () => {
    // L4 and L5 centres 38 mm apart along a 30° tilted axis; a plane through their midpoint, normal along the axis
    const axis: Vec3 = [0, -Math.sin(Math.PI / 6), Math.cos(Math.PI / 6)];
    const l4: Vec3 = [0, 10, -100];
    const l5: Vec3 = [l4[0] - 38 * axis[0], l4[1] - 38 * axis[1], l4[2] - 38 * axis[2]];
    const mid: Vec3 = [(l4[0] + l5[0]) / 2, (l4[1] + l5[1]) / 2, (l4[2] + l5[2]) / 2];
    const spine: LabelledVertebra[] = [
      { label: "L3", centerPatient: [0, -5, -60] },
      { label: "L4", centerPatient: l4 },
      { label: "L5", centerPatient: l5 },
      { label: "S1", centerPatient: [0, 45, -160] },
    ];
    const result = assignLevel(mid, axis, spine);
    expect(result.level).toBe("L4-L5");
    expect(result.distanceMm).toBeCloseTo(0, 9);
  });
});
