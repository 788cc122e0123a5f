import { describe, expect, it } from "vitest";
import { parseAnnotationData, readAnnotationData } from "@/lib/annotations/schemas";
import { FINDING_VOCABULARY, findingFromAi, formatMm, levelFindingOf, sentenceOf, suggestedImpression, threeClassOf, type TLevelFinding } from "@/lib/findings";

const V = FINDING_VOCABULARY;
const extrusionL5: TLevelFinding = { vocabulary: V, disc: { contour: "herniation", type: "extrusion", zone: "subarticular-right", canalCompromise: "severe" } };

describe("sentenceOf (Fardon 2014 terms, hand-written expectations)", () => {
  it("states the issue's example sentence", () => {
    const f: TLevelFinding = { vocabulary: V, disc: { contour: "herniation", type: "extrusion", zone: "subarticular-left", canalCompromise: "moderate" } };
    expect(sentenceOf("L4-L5", f, [{ kind: "herniation-ap", mm: 9 }])).toBe("L4-L5: left subarticular disc extrusion, moderate canal compromise, AP 9 mm.");
  });
  it("states the done-when finding", () => {
    expect(sentenceOf("L5-S1", extrusionL5, [{ kind: "herniation-ap", mm: 9.04 }])).toBe("L5-S1: right subarticular disc extrusion, severe canal compromise, AP 9 mm.");
  });
  it("states normal, bulges and an AI herniation without inventing detail", () => {
    expect(sentenceOf("L1-L2", findingFromAi("normal"))).toBe("L1-L2: normal disc contour.");
    expect(sentenceOf("L2-L3", findingFromAi("bulge"))).toBe("L2-L3: disc bulge.");
    expect(sentenceOf("L3-L4", findingFromAi("herniation"))).toBe("L3-L4: disc herniation.");
    expect(sentenceOf("L3-L4", { vocabulary: V, disc: { contour: "bulge", symmetry: "asymmetric" } })).toBe("L3-L4: asymmetric disc bulge.");
  });
  it("states migration, position, stenoses (severe first, normal-mild omitted), Modic, Pfirrmann and the comment", () => {
    const f: TLevelFinding = {
      vocabulary: V,
      disc: { contour: "herniation", type: "sequestration", zone: "central", migration: "caudal", position: "infrapedicular" },
      stenosis: { centralCanal: "moderate", foraminalLeft: "severe", foraminalRight: "severe", subarticularLeft: "normal-mild" },
      modic: 1,
      pfirrmann: 4,
      comment: "Correlate with the L5 root symptoms",
    };
    expect(sentenceOf("L4-L5", f, [{ kind: "canal-ap", mm: 8.64 }])).toBe(
      "L4-L5: central disc sequestration migrated caudally at the infrapedicular level, canal AP diameter 8.6 mm, severe left foraminal and right foraminal stenosis, moderate central canal stenosis, Modic type 1 endplate changes, Pfirrmann grade IV. Correlate with the L5 root symptoms.",
    );
  });
  it("formats millimetres to one decimal", () => {
    expect(formatMm(9)).toBe("9 mm");
    expect(formatMm(12.349)).toBe("12.3 mm");
  });
});

describe("suggestedImpression", () => {
  it("lists significant levels, most severe first", () => {
    const levels = [
      { level: "L3-L4" as const, finding: { vocabulary: V, disc: { contour: "bulge" as const, symmetry: "symmetric" as const } } },
      { level: "L4-L5" as const, finding: { vocabulary: V, disc: { contour: "normal" as const }, stenosis: { centralCanal: "moderate" as const } } },
      { level: "L5-S1" as const, finding: extrusionL5 },
      { level: "L1-L2" as const, finding: null },
    ];
    expect(suggestedImpression(levels)).toBe(
      "1. L5-S1: Right subarticular disc extrusion, severe canal compromise.\n2. L4-L5: Moderate central canal stenosis.\n3. L3-L4: Symmetric disc bulge.",
    );
  });
  it("says so when nothing is significant, and when nothing was assessed", () => {
    expect(suggestedImpression([{ level: "L1-L2", finding: findingFromAi("normal") }, { level: "L5-S1", finding: findingFromAi("normal") }])).toBe(
      "No disc herniation or moderate/severe stenosis at the levels assessed (L1-L2 to L5-S1).",
    );
    expect(suggestedImpression([{ level: "L1-L2", finding: null }])).toBe("No level was assessed.");
  });
});

describe("three classes ↔ the full vocabulary", () => {
  it("maps the AI's classes in (herniation = type unspecified) and back out", () => {
    expect(findingFromAi("herniation")).toEqual({ vocabulary: V, disc: { contour: "herniation", type: "unspecified" } });
    for (const d of ["normal", "bulge", "herniation"] as const) expect(threeClassOf(findingFromAi(d))).toBe(d);
    expect(threeClassOf(extrusionL5)).toBe("herniation");
  });
});

describe("LEVEL_DIAGNOSIS data (issue 16 Deliver 6: existing rows migrate)", () => {
  it("reads a three-class row written before the vocabulary as a contour value", () => {
    const old = readAnnotationData("LEVEL_DIAGNOSIS", { level: "L4-L5", diagnosis: "bulge", probabilities: { normal: 0.2, bulge: 0.7, herniation: 0.1 } }, "rev-old");
    expect(levelFindingOf(old)).toEqual({ vocabulary: "NASS-ASSR-ASNR 2014", disc: { contour: "bulge" } });
  });
  it("keeps a refined finding and refuses one whose contour disagrees with the diagnosis", () => {
    const data = parseAnnotationData("LEVEL_DIAGNOSIS", { level: "L5-S1", diagnosis: "herniation", finding: extrusionL5 });
    expect(levelFindingOf(data)).toEqual(extrusionL5);
    expect(() => parseAnnotationData("LEVEL_DIAGNOSIS", { level: "L5-S1", diagnosis: "bulge", finding: extrusionL5 })).toThrow(/diagnosis must be the finding's disc contour/);
    expect(() => parseAnnotationData("LEVEL_DIAGNOSIS", { level: "L5-S1", diagnosis: "herniation", finding: { ...extrusionL5, vocabulary: "other" } })).toThrow();
    expect(() => parseAnnotationData("LEVEL_DIAGNOSIS", { level: "L5-S1", diagnosis: "herniation", finding: { ...extrusionL5, pfirrmann: 6 } })).toThrow();
  });
});
