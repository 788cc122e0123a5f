import { STENOSIS_SITES, type TLevelFinding, type TStenosisGrade, type TStenosisSite } from "./schema";

/**
 * The disc classes at the full vocabulary's granularity, for κ / confusion / sensitivity at that
 * level (issue 16.2): normal, bulge, and herniation split by type (Fardon 2014). A finding's
 * class here always maps back to its three-class contour (the prefix before ":").
 */
export const VOCABULARY_CLASSES = ["normal", "bulge", "herniation:protrusion", "herniation:extrusion", "herniation:sequestration", "herniation:unspecified"] as const;
export type TVocabularyClass = (typeof VOCABULARY_CLASSES)[number];

/** A finding's disc class at the full vocabulary's granularity. */
export function vocabularyClassOf(f: TLevelFinding): TVocabularyClass {
  return f.disc.contour === "herniation" ? `herniation:${f.disc.type}` : f.disc.contour;
}

/** A stenosis grade per RSNA 2024 site; null where the site was not graded (left out of agreement). */
export function stenosisGradeOf(f: TLevelFinding, site: TStenosisSite): TStenosisGrade | null {
  return f.stenosis?.[site] ?? null;
}

/**
 * The columns a dataset export writes per study level at the vocabulary's granularity (additive to
 * the three-class `label`). The free-text comment is never exported: it may name the patient.
 */
export const FINDING_COLUMNS = [
  "vocabulary", "contour", "vocabulary_class", "bulge_symmetry", "herniation_type", "zone", "craniocaudal_position", "migration", "canal_compromise",
  ...STENOSIS_SITES.map((s) => `stenosis_${s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`),
  "modic", "pfirrmann",
] as const;

/** One row of FINDING_COLUMNS for a finding ("" where not stated); every value is an enum or a number (CSV-safe). */
export function findingColumns(f: TLevelFinding): string[] {
  const d = f.disc;
  const h = d.contour === "herniation" ? d : null;
  return [
    f.vocabulary, d.contour, vocabularyClassOf(f), d.contour === "bulge" ? (d.symmetry ?? "") : "",
    h?.type ?? "", h?.zone ?? "", h?.position ?? "", h?.migration ?? "", h?.canalCompromise ?? "",
    ...STENOSIS_SITES.map((s) => f.stenosis?.[s] ?? ""),
    f.modic?.toString() ?? "", f.pfirrmann?.toString() ?? "",
  ];
}
