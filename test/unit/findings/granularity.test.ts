import { describe, expect, it } from "vitest";
import { confusionMatrix } from "@/lib/stats/confusion-matrix";
import { cohenKappa } from "@/lib/stats/cohen-kappa";
import { FINDING_COLUMNS, VOCABULARY_CLASSES, findingColumns, findingFromAi, threeClassOf, vocabularyClassOf, type TLevelFinding } from "@/lib/findings";
import { DIAGNOSES } from "@/lib/phantom/truth";

const V = "NASS-ASSR-ASNR 2014" as const;
const ext: TLevelFinding = { vocabulary: V, disc: { contour: "herniation", type: "extrusion", zone: "subarticular-right", canalCompromise: "severe" }, stenosis: { centralCanal: "moderate" }, pfirrmann: 4, comment: "Patient Jane Doe, call back" };
const pro: TLevelFinding = { vocabulary: V, disc: { contour: "herniation", type: "protrusion" } };

describe("the two granularities", () => {
  it("splits herniation by type and maps back to the three classes", () => {
    expect(vocabularyClassOf(ext)).toBe("herniation:extrusion");
    expect(vocabularyClassOf(findingFromAi("herniation"))).toBe("herniation:unspecified");
    for (const c of VOCABULARY_CLASSES) expect(DIAGNOSES).toContain(c.split(":")[0]);
  });
  it("agreement is perfect at three classes but not at the vocabulary when readers differ on protrusion vs extrusion", () => {
    const pairs = [[ext, pro], [pro, pro], [findingFromAi("normal"), findingFromAi("normal")], [findingFromAi("bulge"), findingFromAi("bulge")]] as const;
    const three = cohenKappa(confusionMatrix(pairs.map(([a, b]) => [threeClassOf(a), threeClassOf(b)] as const), DIAGNOSES));
    const full = cohenKappa(confusionMatrix(pairs.map(([a, b]) => [vocabularyClassOf(a), vocabularyClassOf(b)] as const), VOCABULARY_CLASSES));
    expect(three.kappa).toBeCloseTo(1, 10);
    // Hand count: 3/4 agree; marginals r=(1 normal,1 bulge,1 extr,1 prot) c=(1,1,0,2): pe = (1+1+0+2)/16 = 0.25; κ = (0.75-0.25)/0.75.
    expect(full.kappa).toBeCloseTo(2 / 3, 10);
  });
  it("exports the vocabulary columns without the free-text comment", () => {
    const row = findingColumns(ext);
    expect(row).toHaveLength(FINDING_COLUMNS.length);
    expect(Object.fromEntries(FINDING_COLUMNS.map((c, i) => [c, row[i]]))).toEqual({
      vocabulary: V, contour: "herniation", vocabulary_class: "herniation:extrusion", bulge_symmetry: "", herniation_type: "extrusion", zone: "subarticular-right",
      craniocaudal_position: "", migration: "", canal_compromise: "severe", stenosis_central_canal: "moderate", stenosis_subarticular_left: "", stenosis_subarticular_right: "",
      stenosis_foraminal_left: "", stenosis_foraminal_right: "", modic: "", pfirrmann: "4",
    });
    expect(row.join(",")).not.toMatch(/Jane/);
  });
});
