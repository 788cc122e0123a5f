import { DIAGNOSIS_CODES, CODES, levelSiteCode, SYSTEM_URI, type TCode } from "./codes";
import { countingStatement } from "./counting-statement";
import type { TReportData } from "./report-data";

const coding = (c: TCode) => ({ system: SYSTEM_URI[c.scheme], code: c.value, display: c.meaning });

/** DICOM DA (+TM) to a FHIR dateTime; null when the study has no date. */
function studyDateTime(date: string | null, time: string | null): string | null {
  if (!date || !/^\d{8}$/.test(date)) return null;
  const d = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  if (!time || !/^\d{6}/.test(time)) return d;
  return `${d}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}Z`;
}

/** The findings per level ("L4-L5: herniation; …"), then how the levels were named (issue 11). */
function conclusionOf(data: TReportData): string {
  const findings = data.levels
    .filter((l) => l.diagnosis)
    .map((l) => `${l.level}: ${l.diagnosis}`)
    .join("; ");
  const counting = countingStatement(data.counting);
  if (counting.length === 0) return findings;
  return [findings ? `${findings}.` : "", ...counting].filter((x) => x.length > 0).join(" ");
}

/**
 * The signed findings as a FHIR R4 transaction-style Bundle (type "collection"): the Patient, the
 * Practitioner who signed, the ImagingStudy, one Observation per assessed disc level (code: the
 * level's finding; valueCodeableConcept: the diagnosis, SNOMED CT where codes.ts has it;
 * bodySite: the level; derivedFrom: the ImagingStudy) and the DiagnosticReport (LOINC 18748-4)
 * that lists them. References are bundle-local `urn:uuid:`-free relative ids ("Patient/<id>").
 */
export function buildFhir(data: TReportData) {
  const patientId = `p-${data.studyId}`;
  const practitionerId = `u-${data.reading.reader.id}`;
  const studyRef = `ImagingStudy/s-${data.studyId}`;
  const effective = studyDateTime(data.studyDate, data.studyTime) ?? data.reading.signedAt.toISOString();
  const issued = data.reading.signedAt.toISOString();
  const observations = data.levels
    .filter((l) => l.diagnosis)
    .map((l) => ({
      resourceType: "Observation" as const,
      id: `o-${data.reading.id}-${l.level}`,
      status: "final" as const,
      category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "imaging", display: "Imaging" }] }],
      code: { coding: [coding(CODES.finding)], text: `${l.level} disc finding` },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: effective,
      issued,
      performer: [{ reference: `Practitioner/${practitionerId}` }],
      valueCodeableConcept: { coding: [coding(DIAGNOSIS_CODES[l.diagnosis!])], text: l.diagnosis! },
      bodySite: { coding: [coding(levelSiteCode(l.level))], text: l.level },
      derivedFrom: [{ reference: studyRef }],
    }));
  const report = {
    resourceType: "DiagnosticReport" as const,
    id: `r-${data.reading.id}`,
    status: data.amendment ? ("amended" as const) : ("final" as const),
    category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0074", code: "RAD", display: "Radiology" }] }],
    code: { coding: [coding(CODES.diagnosticImagingStudy)], text: "MRI lumbar spine: disc bulge and herniation by level" },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effective,
    issued,
    performer: [{ reference: `Practitioner/${practitionerId}` }],
    resultsInterpreter: [{ reference: `Practitioner/${practitionerId}` }],
    imagingStudy: [{ reference: studyRef }],
    result: observations.map((o) => ({ reference: `Observation/${o.id}` })),
    conclusion: conclusionOf(data),
  };
  const patient = {
    resourceType: "Patient" as const,
    id: patientId,
    identifier: [{ ...(data.patient.issuer ? { system: `urn:dicom-issuer:${data.patient.issuer}` } : {}), value: data.patient.id }],
    ...(data.patient.name ? { name: [{ text: data.patient.name.replace(/\^+/g, " ").trim() }] } : {}),
  };
  const practitioner = { resourceType: "Practitioner" as const, id: practitionerId, name: [{ text: data.reading.reader.name }] };
  const imagingStudy = {
    resourceType: "ImagingStudy" as const,
    id: `s-${data.studyId}`,
    status: "available" as const,
    identifier: [{ system: "urn:dicom:uid", value: `urn:oid:${data.studyInstanceUid}` }],
    subject: { reference: `Patient/${patientId}` },
    ...(studyDateTime(data.studyDate, data.studyTime) ? { started: studyDateTime(data.studyDate, data.studyTime)! } : {}),
  };
  const resources = [patient, practitioner, imagingStudy, ...observations, report];
  return {
    resourceType: "Bundle" as const,
    type: "collection" as const,
    timestamp: issued,
    entry: resources.map((resource) => ({ fullUrl: `${resource.resourceType}/${resource.id}`, resource })),
  };
}
