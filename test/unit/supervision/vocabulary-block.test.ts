import { describe, expect, it } from "vitest";
import { computeDashboard } from "@/lib/supervision/compute-dashboard";
import type { TStatsReading, TStatsStudy } from "@/lib/supervision/stats-input";
import type { TLevelFinding } from "@/lib/findings";

const V = "NASS-ASSR-ASNR 2014" as const;
const protrusion: TLevelFinding = { vocabulary: V, disc: { contour: "herniation", type: "protrusion" } };
const extrusion: TLevelFinding = { vocabulary: V, disc: { contour: "herniation", type: "extrusion", zone: "central" } };

function reading(role: "PRIMARY" | "SECOND", finding: TLevelFinding | undefined): TStatsReading {
  return { readingId: role, role, readerId: role, readerName: role, signedAt: null, basis: null, vertebrae: {}, rois: {}, levels: { "L4-L5": { diagnosis: "herniation", ...(finding ? { finding } : {}), probabilities: null, modelVersion: null } } };
}
function study(id: string, a: TLevelFinding | undefined, b: TLevelFinding | undefined): TStatsStudy {
  return { studyId: id, createdAt: "2026-01-01T00:00:00Z", design: "DOUBLE_BLINDED", reviewState: "SIGNED", ai: null, readings: [reading("PRIMARY", a), reading("SECOND", b)], final: null };
}

describe("reader against reader at both granularities (issue 16.2)", () => {
  it("three classes agree where the vocabulary separates protrusion from extrusion", () => {
    const d = computeDashboard([study("s1", protrusion, extrusion), study("s2", extrusion, extrusion), study("s3", undefined, undefined)], { level: "L4-L5" });
    const three = d.readerVsReader.find((b) => b.level === "L4-L5")!;
    const full = d.readerVsReaderVocabulary.find((b) => b.level === "L4-L5")!;
    expect([three.n, three.agreement.value]).toEqual([3, 1]);
    // s1 disagrees (protrusion vs extrusion); s2 agrees; s3 (three-class rows, no finding) agrees as herniation:unspecified.
    expect([full.n, full.agreement.value]).toEqual([3, 2 / 3]);
    expect(full.matrix[1 + 1]![2 + 1]).toBe(1); // row protrusion, column extrusion (order: normal, bulge, protrusion, extrusion, …)
  });
});
