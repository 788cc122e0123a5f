import type { TDiagnosis } from "../phantom/truth";
import { FINDING_VOCABULARY, type TLevelFinding } from "./schema";

/**
 * The paper's three classes (normal / bulge / herniation) of a full finding: its disc contour.
 * Stenosis, Modic and Pfirrmann have no three-class counterpart and do not change it.
 */
export function threeClassOf(finding: TLevelFinding): TDiagnosis {
  return finding.disc.contour;
}

/**
 * The finding an AI three-class diagnosis states, and nothing more (DESIGN "Clinical vocabulary":
 * herniation = herniation of unspecified type): no zone, no symmetry, no stenosis, no grades.
 */
export function findingFromAi(diagnosis: TDiagnosis): TLevelFinding {
  if (diagnosis === "herniation") return { vocabulary: FINDING_VOCABULARY, disc: { contour: "herniation", type: "unspecified" } };
  if (diagnosis === "bulge") return { vocabulary: FINDING_VOCABULARY, disc: { contour: "bulge" } };
  return { vocabulary: FINDING_VOCABULARY, disc: { contour: "normal" } };
}

/**
 * The finding of a stored LEVEL_DIAGNOSIS value: its `finding` when it has one, else (rows written
 * before the vocabulary existed, and AI rows) the three-class diagnosis read as a contour value.
 */
export function levelFindingOf(data: { diagnosis: TDiagnosis; finding?: TLevelFinding | undefined }): TLevelFinding {
  return data.finding ?? findingFromAi(data.diagnosis);
}
