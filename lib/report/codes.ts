import type { TDiagnosis, TDiscLevel } from "../phantom/truth";

/** A coded concept: DICOM (value, scheme, meaning); FHIR takes the scheme's system URI. */
export interface TCode {
  value: string;
  scheme: "DCM" | "SCT" | "LN" | "99DISCERN";
  meaning: string;
}

export const SYSTEM_URI: Record<TCode["scheme"], string> = {
  DCM: "http://dicom.nema.org/resources/ontology/DCM",
  SCT: "http://snomed.info/sct",
  LN: "http://loinc.org",
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
