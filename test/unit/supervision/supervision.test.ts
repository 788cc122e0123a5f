import { describe, expect, it } from "vitest";
import { compareReadings } from "../../../lib/supervision/compare-readings";
import { currentReading, signedReading } from "../../../lib/supervision/current-readings";
import { finalSourceOf } from "../../../lib/supervision/final-labels";
import type { TReadingLabels } from "../../../lib/supervision/reading-labels";
import { hiddenReadingIds, isBlinded } from "../../../lib/supervision/reading-visibility";

const provenance = { source: "HUMAN" as const, modelVersionId: null, replacesRevisionId: null };
function labels(diagnoses: Record<string, string>, l4Box: [number, number, number, number] = [0, 0, 10, 10]): TReadingLabels {
  return {
    readingId: "r",
    levels: new Map(Object.entries(diagnoses).map(([level, diagnosis]) => [level as never, { diagnosis: diagnosis as never, probabilities: null, ...provenance }])),
    vertebrae: new Map([["L4", { box: l4Box, sopInstanceUid: "sag", ...provenance }]]),
    rois: new Map(),
  };
}

let t = 0;
const reading = (id: string, role: "PRIMARY" | "SECOND" | "ADJUDICATION" | "AI", status: "ASSIGNED" | "IN_PROGRESS" | "SIGNED" | "SUPERSEDED", readerId: string | null, amendsId: string | null = null) => ({
  id,
  role,
  status,
  readerId,
  amendsId,
  createdAt: new Date(2026, 0, 1, 0, 0, (t += 1)),
});

describe("compareReadings", () => {
  it("agrees when every level diagnosis matches and vertebra boxes overlap (IoU ≥ 0.5)", () => {
    // IoU([0,0,10,10], [2,0,12,10]) = 80/120 = 0.667.
    expect(compareReadings(labels({ "L4-L5": "bulge" }), labels({ "L4-L5": "bulge" }, [2, 0, 12, 10]))).toEqual({ agreed: true, disagreements: [] });
  });
  it("names every differing level, a level only one reader diagnosed, and a vertebra label on different bodies", () => {
    const a = labels({ "L3-L4": "normal", "L4-L5": "bulge", "L5-S1": "herniation" });
    // IoU([0,0,10,10], [6,0,16,10]) = 40/160 = 0.25: the readers put L4 on different bodies.
    const b = labels({ "L3-L4": "normal", "L4-L5": "herniation" }, [6, 0, 16, 10]);
    expect(compareReadings(a, b)).toEqual({ agreed: false, disagreements: ["L4-L5 diagnosis", "L5-S1 diagnosis", "L4 vertebra"] });
  });
});

describe("current and signed readings (amendment chains)", () => {
  it("an amendment in progress is the live reading but does not hide the signed one it amends", () => {
    const signed = reading("p1", "PRIMARY", "SIGNED", "a");
    const amendment = reading("p2", "PRIMARY", "IN_PROGRESS", "a", "p1");
    expect(currentReading([signed, amendment], "PRIMARY")?.id).toBe("p2");
    expect(signedReading([signed, amendment], "PRIMARY")?.id).toBe("p1");
    const signedAmendment = { ...amendment, status: "SIGNED" as const };
    expect(signedReading([signed, signedAmendment], "PRIMARY")?.id).toBe("p2");
  });
  it("superseded readings never count", () => {
    expect(currentReading([reading("x", "SECOND", "SUPERSEDED", "b")], "SECOND")).toBeNull();
  });
});

describe("blinding", () => {
  const ai = reading("ai", "AI", "SIGNED", null);
  const p = reading("p", "PRIMARY", "SIGNED", "a");
  const q = reading("q", "SECOND", "IN_PROGRESS", "b");
  it("hides the other reading from each reader, both from outsiders, nothing from a supervisor who is not a reader", () => {
    const readings = [ai, p, q];
    expect(isBlinded("DOUBLE_BLINDED", readings, "IN_REVIEW")).toBe(true);
    expect([...hiddenReadingIds({ id: "a", role: "RADIOLOGIST" }, "DOUBLE_BLINDED", readings, "IN_REVIEW")]).toEqual(["q"]);
    expect([...hiddenReadingIds({ id: "b", role: "RADIOLOGIST" }, "DOUBLE_BLINDED", readings, "IN_REVIEW")]).toEqual(["p"]);
    expect([...hiddenReadingIds({ id: "z", role: "RADIOLOGIST" }, "DOUBLE_BLINDED", readings, "IN_REVIEW")]).toEqual(["p", "q"]);
    expect([...hiddenReadingIds({ id: "s", role: "SUPERVISOR" }, "DOUBLE_BLINDED", readings, "IN_REVIEW")]).toEqual([]);
  });
  it("a supervisor who is one of the two readers is blinded like any reader", () => {
    const readings = [ai, { ...p, readerId: "s" }, q];
    expect([...hiddenReadingIds({ id: "s", role: "SUPERVISOR" }, "DOUBLE_BLINDED", readings, "IN_REVIEW")]).toEqual(["q"]);
  });
  it("holds through adjudication for the two readers (the adjudicator sees both), ends with the final record, never applies to single reading", () => {
    const both = [ai, p, { ...q, status: "SIGNED" as const }];
    expect(isBlinded("DOUBLE_BLINDED", both, "ADJUDICATION")).toBe(true);
    expect([...hiddenReadingIds({ id: "a", role: "RADIOLOGIST" }, "DOUBLE_BLINDED", both, "ADJUDICATION")]).toEqual(["q"]);
    const adjudication = reading("j", "ADJUDICATION", "IN_PROGRESS", "c");
    expect(hiddenReadingIds({ id: "c", role: "RADIOLOGIST" }, "DOUBLE_BLINDED", [...both, adjudication], "ADJUDICATION").size).toBe(0);
    expect(isBlinded("DOUBLE_BLINDED", both, "SIGNED")).toBe(false);
    expect(hiddenReadingIds({ id: "a", role: "RADIOLOGIST" }, "DOUBLE_BLINDED", both, "SIGNED").size).toBe(0);
    expect(isBlinded("SINGLE", [ai, p, q], "IN_REVIEW")).toBe(false);
  });
});

describe("finalSourceOf", () => {
  const p = reading("p", "PRIMARY", "SIGNED", "a");
  const q = reading("q", "SECOND", "SIGNED", "b");
  it("single: the signed primary; double: the primary only once agreed (SIGNED); adjudication wins", () => {
    expect(finalSourceOf({ readingDesign: "SINGLE", reviewState: "SIGNED" }, [p])).toMatchObject({ reading: { id: "p" }, basis: "SINGLE_READING" });
    expect(finalSourceOf({ readingDesign: "DOUBLE_BLINDED", reviewState: "IN_REVIEW" }, [p])).toBeNull();
    expect(finalSourceOf({ readingDesign: "DOUBLE_BLINDED", reviewState: "ADJUDICATION" }, [p, q])).toBeNull();
    expect(finalSourceOf({ readingDesign: "DOUBLE_BLINDED", reviewState: "SIGNED" }, [p, q])).toMatchObject({ reading: { id: "p" }, basis: "DOUBLE_READING_AGREED" });
    const adj = reading("c", "ADJUDICATION", "SIGNED", "c");
    expect(finalSourceOf({ readingDesign: "DOUBLE_BLINDED", reviewState: "SIGNED" }, [p, q, adj])).toMatchObject({ reading: { id: "c" }, basis: "ADJUDICATION" });
  });
});
