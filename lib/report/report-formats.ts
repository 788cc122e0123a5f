/** The report formats discern stores for a signed study, with their download types. */
export const REPORT_FORMATS = {
  pdf: { contentType: "application/pdf", extension: "pdf" },
  sr: { contentType: "application/dicom", extension: "sr.dcm" },
  fhir: { contentType: "application/fhir+json", extension: "fhir.json" },
} as const;
export type TReportFormat = keyof typeof REPORT_FORMATS;
