import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countVertebrae } from "@/lib/pipeline/count-vertebrae";
import type { SpineBody } from "@/lib/pipeline/spine-body";

// The label boxes of 11 real clinical exams (test/fixtures/README.md: T10…S1 labelled by eye,
// scoliosis, fractures, spondylolisthesis among them) as a perfect class-agnostic detector would
// give them: S1 as "sacrum", every other body as "vertebra", on the mid-sagittal slice and ±2.
// The expected names are the human labels, not anything the counting computes.
const fixture = JSON.parse(readFileSync(path.join(process.cwd(), "test/fixtures/realdata-vb1-boxes.json"), "utf8")) as {
  exams: { exam: string; bodies: [string, number, number, number, number, number][] }[];
};

function bodiesOf(rows: [string, number, number, number, number, number][]): SpineBody<string>[] {
  // 1 mm pixels; slices step along patient x; rows run superior → inferior (−z), columns A → P (+y).
  return rows.map(([label, offset, x0, y0, x1, y1]) => ({
    kind: label === "S1" ? "sacrum" : "vertebra",
    score: 0.9,
    center: [offset, (x0 + x1) / 2, -(y0 + y1) / 2],
    heightMm: y1 - y0,
    depthMm: x1 - x0,
    sliceOffset: offset,
    ref: label,
  }));
}

describe("countVertebrae on real anatomy", () => {
  it("has 11 exams", () => expect(fixture.exams).toHaveLength(11));

  for (const { exam, bodies } of fixture.exams) {
    it(`${exam}: names every body as the radiologist's labels, with no flag`, () => {
      const c = countVertebrae(bodiesOf(bodies), { normal: [1, 0, 0] });
      expect(c.basis).toBe("sacrum");
      expect(c.bodies.map((b) => b.name)).toEqual(c.bodies.map((b) => b.ref));
      expect(new Set(c.bodies.map((b) => b.ref))).toEqual(new Set(bodies.map((b) => b[0])));
      expect(c.flags).toEqual([]);
    });

    it(`${exam}: a body missing on the mid slice is taken from a neighbour`, () => {
      const c = countVertebrae(bodiesOf(bodies.filter(([label, offset]) => !(label === "L3" && offset === 0))), { normal: [1, 0, 0] });
      const l3 = c.bodies.find((b) => b.name === "L3")!;
      expect([l3.ref, l3.sliceOffset === 0]).toEqual(["L3", false]);
      expect(c.flags).toEqual([]);
    });
  }

  it("counts a body missing on every slice into the gap (L3 removed everywhere)", () => {
    for (const { bodies } of fixture.exams) {
      const c = countVertebrae(bodiesOf(bodies.filter(([label]) => label !== "L3")), { normal: [1, 0, 0] });
      expect(c.inferred).toEqual(["L3"]);
      expect(c.bodies.map((b) => b.name)).toEqual(c.bodies.map((b) => b.ref));
    }
  });
});
