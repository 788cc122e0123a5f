import type { TDiagnosis, TDiscLevel } from "../phantom/truth";
import { STENOSIS_SITES, type TAxialZone, type TLevelFinding } from "../findings";

/** A coded concept: DICOM (value, scheme, meaning); FHIR takes the scheme's system URI. */
export interface TCode {
  value: string;
  scheme: "DCM" | "SCT" | "LN" | "UCUM" | "UMLS" | "99DISCERN";
  meaning: string;
}

export const SYSTEM_URI: Record<TCode["scheme"], string> = {
  DCM: "http://dicom.nema.org/resources/ontology/DCM",
  SCT: "http://snomed.info/sct",
  LN: "http://loinc.org",
  UCUM: "http://unitsofmeasure.org",
  UMLS: "http://www.nlm.nih.gov/research/umls",
  "99DISCERN": "urn:discern:codes",
};

/**
 * Diagnosis codes. SNOMED CT where a concept fits and was checked: 17621005 |Normal|,
 * 73589001 |Prolapsed intervertebral disc| (the paper's herniation: focal displacement of disc
 * material). "Disc bulge" (circumferential extension beyond the vertebral margin) has no SNOMED
 * concept we could verify offline, so it stays in the local scheme 99DISCERN (PS3.16 8.2: local
 * schemes start "99") until a terminologist maps it.
 */
export const DIAGNOSIS_CODES: Record<TDiagnosis, TCode> = {
  normal: { value: "17621005", scheme: "SCT", meaning: "Normal" },
  bulge: { value: "disc-bulge", scheme: "99DISCERN", meaning: "Disc bulge" },
  herniation: { value: "73589001", scheme: "SCT", meaning: "Prolapsed intervertebral disc" },
};

/** The level as a finding site: local codes (a per-level SNOMED disc concept is not verified here). */
export function levelSiteCode(level: TDiscLevel): TCode {
  return { value: level, scheme: "99DISCERN", meaning: `${level} intervertebral disc` };
}

export const CODES = {
  imagingMeasurementReport: { value: "126000", scheme: "DCM", meaning: "Imaging Measurement Report" },
  languageOfContent: { value: "121049", scheme: "DCM", meaning: "Language of Content Item and Descendants" },
  englishUS: { value: "en-US", scheme: "DCM", meaning: "English, United States" },
  personObserverName: { value: "121008", scheme: "DCM", meaning: "Person Observer Name" },
  procedureReported: { value: "121058", scheme: "DCM", meaning: "Procedure reported" },
  mrLumbarSpine: { value: "241646001", scheme: "SCT", meaning: "Magnetic resonance imaging of lumbar spine" },
  imageLibrary: { value: "111028", scheme: "DCM", meaning: "Image Library" },
  imagingMeasurements: { value: "126010", scheme: "DCM", meaning: "Imaging Measurements" },
  measurementGroup: { value: "125007", scheme: "DCM", meaning: "Measurement Group" },
  trackingIdentifier: { value: "112039", scheme: "DCM", meaning: "Tracking Identifier" },
  trackingUid: { value: "112040", scheme: "DCM", meaning: "Tracking Unique Identifier" },
  findingSite: { value: "363698007", scheme: "SCT", meaning: "Finding Site" },
  finding: { value: "121071", scheme: "DCM", meaning: "Finding" },
  /** LOINC 18748-4 "Diagnostic imaging study" for the FHIR DiagnosticReport. */
  diagnosticImagingStudy: { value: "18748-4", scheme: "LN", meaning: "Diagnostic imaging study" },
} as const satisfies Record<string, TCode>;

/**
 * Issue 16 (NASS/ASSR/ASNR 2014 vocabulary, RSNA 2024 grades) in coded form. SNOMED CT only for
 * concepts whose ids are long established: 255604002 |Mild|, 6736007 |Moderate|, 24484000
 * |Severe|, 7771000 |Left|, 24028007 |Right|, 410668003 |Length|. Everything else is local
 * (99DISCERN, declared in the SR's Coding Scheme Identification Sequence) until a terminologist
 * maps it; the meaning always carries the 2014 term.
 */
/** A 99DISCERN code; its value is a DICOM Code Value (SH: at most 16 characters, PS3.5 6.2). */
function local(value: string, meaning: string): TCode {
  if (value.length > 16) throw new Error(`local code value "${value}" is longer than 16 characters (SH)`);
  return { value, scheme: "99DISCERN", meaning };
}
export const FINDING_CODES = {
  herniationType: local("herniation-type", "Disc herniation type"),
  axialZone: local("axial-zone", "Axial zone"),
  craniocaudalPosition: local("cc-position", "Craniocaudal position"),
  migration: local("migration", "Migration"),
  canalCompromise: local("canal-compromise", "Canal compromise"),
  bulgeSymmetry: local("bulge-symmetry", "Disc bulge symmetry"),
  modic: local("modic-type", "Modic endplate change type"),
  pfirrmann: local("pfirrmann-grade", "Pfirrmann disc degeneration grade"),
  vocabulary: local("vocabulary", "Finding vocabulary"),
  findingText: local("finding-text", "Finding as reported"),
  impression: { value: "121073", scheme: "DCM", meaning: "Impression" } as TCode,
  /** TID 1500 row "Qualitative Evaluations" (the report's impression goes there). */
  qualitativeEvaluations: { value: "C0034375", scheme: "UMLS", meaning: "Qualitative Evaluations" } as TCode,
  comment: { value: "121106", scheme: "DCM", meaning: "Comment" } as TCode,
  /** TID 4019 Algorithm Identification. */
  algorithmName: { value: "111001", scheme: "DCM", meaning: "Algorithm Name" } as TCode,
  algorithmVersion: { value: "111003", scheme: "DCM", meaning: "Algorithm Version" } as TCode,
  aiAssessment: local("ai-assessment", "Reader assessment of AI result"),
  length: { value: "410668003", scheme: "SCT", meaning: "Length" } as TCode,
  millimeter: { value: "mm", scheme: "UCUM", meaning: "millimeter" } as TCode,
} as const;

export const SEVERITY_CODES: Record<"mild" | "moderate" | "severe", TCode> = {
  mild: { value: "255604002", scheme: "SCT", meaning: "Mild" },
  moderate: { value: "6736007", scheme: "SCT", meaning: "Moderate" },
  severe: { value: "24484000", scheme: "SCT", meaning: "Severe" },
};

/** A local code whose value is the vocabulary's own term ("extrusion", "subarticular-right", "normal-mild"). */
export function termCode(term: string, meaning = term.replace(/-/g, " ")): TCode {
  return local(term, meaning.charAt(0).toUpperCase() + meaning.slice(1));
}

/** The measured quantity of a length, by purpose. */
export const LENGTH_PURPOSE_CODES: Record<"herniation-ap" | "canal-ap", TCode> = {
  "herniation-ap": local("hern-ap-depth", "Anteroposterior depth of disc herniation"),
  "canal-ap": local("canal-ap-diam", "Anteroposterior diameter of spinal canal"),
};

/** Stenosis site concept names (RSNA 2024 sites). */
export const STENOSIS_SITE_CODES: Record<"centralCanal" | "subarticularLeft" | "subarticularRight" | "foraminalLeft" | "foraminalRight", TCode> = {
  centralCanal: local("sten-central", "Central canal stenosis"),
  subarticularLeft: local("sten-subart-l", "Left subarticular stenosis"),
  subarticularRight: local("sten-subart-r", "Right subarticular stenosis"),
  foraminalLeft: local("sten-foram-l", "Left neural foraminal stenosis"),
  foraminalRight: local("sten-foram-r", "Right neural foraminal stenosis"),
};

/** The local scheme as the SR declares it (PS3.3 C.12.1.1.2.1 Coding Scheme Identification Sequence). */
export const LOCAL_SCHEME_IDENTIFICATION = {
  CodingSchemeDesignator: "99DISCERN",
  CodingSchemeName: "discern local codes (lumbar disc findings, NASS-ASSR-ASNR 2014 terms)",
  CodingSchemeResponsibleOrganization: "discern",
};

/** Axial zone codes (Fardon 2014 zones; values shortened to fit SH). */
export const ZONE_CODES: Record<TAxialZone, TCode> = {
  central: local("central", "Central zone"),
  "subarticular-left": local("subart-left", "Left subarticular zone"),
  "subarticular-right": local("subart-right", "Right subarticular zone"),
  "foraminal-left": local("foraminal-left", "Left foraminal zone"),
  "foraminal-right": local("foraminal-right", "Right foraminal zone"),
  "extraforaminal-left": local("extraforam-left", "Left extraforaminal zone"),
  "extraforaminal-right": local("extraforam-right", "Right extraforaminal zone"),
};

/**
 * The coded detail of a finding as (concept, value) pairs, shared by the SR (CODE items) and
 * FHIR (Observation.component): bulge symmetry; herniation type, zone, craniocaudal position,
 * migration, canal compromise; each graded stenosis site; Modic; Pfirrmann.
 */
export function findingDetailCodes(f: TLevelFinding): [TCode, TCode][] {
  const out: [TCode, TCode][] = [];
  const d = f.disc;
  if (d.contour === "bulge" && d.symmetry) out.push([FINDING_CODES.bulgeSymmetry, termCode(d.symmetry)]);
  if (d.contour === "herniation") {
    out.push([FINDING_CODES.herniationType, d.type === "unspecified" ? termCode("hern-unspecified", "Herniation, type not specified") : termCode(d.type)]);
    if (d.zone) out.push([FINDING_CODES.axialZone, ZONE_CODES[d.zone]]);
    if (d.position) out.push([FINDING_CODES.craniocaudalPosition, termCode(d.position, `${d.position} level`)]);
    if (d.migration) out.push([FINDING_CODES.migration, termCode(`migr-${d.migration}`, `Migration ${d.migration}`)]);
    if (d.canalCompromise) out.push([FINDING_CODES.canalCompromise, SEVERITY_CODES[d.canalCompromise]]);
  }
  for (const site of STENOSIS_SITES) {
    const g = f.stenosis?.[site];
    if (g) out.push([STENOSIS_SITE_CODES[site], g === "normal-mild" ? termCode("normal-mild", "Normal or mild") : SEVERITY_CODES[g]]);
  }
  if (f.modic) out.push([FINDING_CODES.modic, termCode(`modic-${f.modic}`, `Modic type ${f.modic}`)]);
  if (f.pfirrmann) out.push([FINDING_CODES.pfirrmann, termCode(`pfirrmann-${f.pfirrmann}`, `Pfirrmann grade ${["I", "II", "III", "IV", "V"][f.pfirrmann - 1]}`)]);
  return out;
}
