import { describe, expect, it } from "vitest";
import { applyFindingKey, findingFromAi, sentenceOf, type TLevelFinding } from "@/lib/findings";

/** Presses keys in order from a starting finding, as the level panel does. */
function press(start: TLevelFinding | null, keys: string): TLevelFinding | null {
  let f = start;
  for (const k of keys) f = applyFindingKey(f, k) ?? f;
  return f;
}

describe("applyFindingKey (the level panel's shortcuts)", () => {
  it("records the done-when finding from the AI's herniation with four keys", () => {
    const f = press(findingFromAi("herniation"), "ER3");
    expect(f).toEqual({ vocabulary: "NASS-ASSR-ASNR 2014", disc: { contour: "herniation", type: "extrusion", zone: "subarticular-right", canalCompromise: "severe" } });
    expect(sentenceOf("L5-S1", f!, [{ kind: "herniation-ap", mm: 9 }])).toBe("L5-S1: right subarticular disc extrusion, severe canal compromise, AP 9 mm.");
  });
  it("cycles the side zones and the bulge symmetry", () => {
    expect(press(null, "hll")?.disc).toEqual({ contour: "herniation", type: "unspecified", zone: "foraminal-left" });
    expect(press(null, "hllll")?.disc).toEqual({ contour: "herniation", type: "unspecified", zone: "subarticular-left" });
    expect(press(null, "bb")?.disc).toEqual({ contour: "bulge", symmetry: "symmetric" });
    expect(press(null, "bbb")?.disc).toEqual({ contour: "bulge", symmetry: "asymmetric" });
  });
  it("keeps stenosis and comment across contour changes, and clears compromise with 0", () => {
    const start: TLevelFinding = { vocabulary: "NASS-ASSR-ASNR 2014", disc: { contour: "normal" }, stenosis: { centralCanal: "severe" }, comment: "Facet arthropathy." };
    expect(press(start, "p2")).toEqual({ ...start, disc: { contour: "herniation", type: "protrusion", canalCompromise: "moderate" } });
    expect(press(start, "p20")?.disc).toEqual({ contour: "herniation", type: "protrusion" });
    expect(press(start, "p2n")).toEqual(start);
  });
  it("ignores other keys", () => {
    expect(applyFindingKey(null, "x")).toBeNull();
    expect(applyFindingKey(null, "ArrowUp")).toBeNull();
  });
});
