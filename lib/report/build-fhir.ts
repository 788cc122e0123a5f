import { createHash } from "node:crypto";
import { DIAGNOSIS_CODES, CODES, FINDING_CODES, LENGTH_PURPOSE_CODES, findingDetailCodes, levelSiteCode, SYSTEM_URI, termCode, type TCode } from "./codes";
import { countingStatement } from "./counting-statement";
import { personNameOf } from "../format/dicom-human";
import { aiAssessmentOf, reportFindingOf, reportImpressionOf, reportSentenceOf, type TReportData, type TReportLevel } from "./report-data";

/**
 * A stable urn:uuid for a resource of one signed reading's bundle: the sha256 of (reading id,
 * resource type, id) shaped as an RFC 9562 version-8 (custom) UUID, so the same signed reading
 * always yields the same absolute fullUrls.
 */
export function bundleUrn(readingId: string, resourceType: string, id: string): string {
  const h = createHash("sha256").update(`${readingId}|${resourceType}/${id}`).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const component = (concept: TCode, value: TCode) => ({ code: { coding: [coding(concept)], text: concept.meaning }, valueCodeableConcept: { coding: [coding(value)], text: value.meaning } });

/**
 * The Observation components of a level's finding: herniation type, zone, position, migration,
 * canal compromise, bulge symmetry, each graded stenosis site, Modic, Pfirrmann, each length as a
 * valueQuantity in mm (UCUM), and the reader's assessment of the AI result.
 */
function componentsOf(l: TReportLevel) {
  const f = reportFindingOf(l)!;
  const out: object[] = [];
  for (const [concept, value] of findingDetailCodes(f)) out.push(component(concept, value));
  for (const m of l.measurements ?? []) {
    out.push({ code: { coding: [coding(LENGTH_PURPOSE_CODES[m.purpose])], text: LENGTH_PURPOSE_CODES[m.purpose].meaning }, valueQuantity: { value: Math.round(m.mm * 10) / 10, unit: "mm", system: "http://unitsofmeasure.org", code: "mm" } });
  }
  const assessment = aiAssessmentOf(l);
  if (assessment && l.aiDiagnosis) out.push(component(FINDING_CODES.aiAssessment, termCode(`ai-${assessment}`, `AI result ${assessment} by the reader`)));
  return out;
}

const coding = (c: TCode) => ({ system: SYSTEM_URI[c.scheme], code: c.value, display: c.meaning });

/** DICOM DA (+TM) to a FHIR dateTime; null when the study has no date. */
function studyDateTime(date: string | null, time: string | null): string | null {
  if (!date || !/^\d{8}$/.test(date)) return null;
  const d = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
  if (!time || !/^\d{6}/.test(time)) return d;
  return `${d}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}Z`;
}

/** The findings per level as standard sentences, the impression, then how the levels were named (issue 11). */
function conclusionOf(data: TReportData): string {
  const findings = data.levels.map(reportSentenceOf).filter((x): x is string => x !== null);
  return [...findings, `Impression: ${reportImpressionOf(data)}`, ...countingStatement(data.counting)].join(" ");
}

/**
 * The signed findings as a FHIR R4 transaction-style Bundle (type "collection"): the Patient, the
 * Practitioner who signed, the ImagingStudy, one Observation per assessed disc level (code: the
 * level's finding; valueCodeableConcept: the diagnosis, SNOMED CT where codes.ts has it;
 * bodySite: the level; derivedFrom: the ImagingStudy) and the DiagnosticReport (LOINC 18748-4)
 * that lists them. Every entry's fullUrl is an absolute `urn:uuid:` (bundleUrn) and every
 * reference is that fullUrl (FHIR R4 Bundle reference resolution, http://hl7.org/fhir/R4/bundle.html#references).
 */
export function buildFhir(data: TReportData) {
  const patientId = `p-${data.studyId}`;
  const practitionerId = `u-${data.reading.reader.id}`;
  const ref = (type: string, id: string) => bundleUrn(data.reading.id, type, id);
  const studyRef = ref("ImagingStudy", `s-${data.studyId}`);
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
      subject: { reference: ref("Patient", patientId) },
      effectiveDateTime: effective,
      issued,
      performer: [{ reference: ref("Practitioner", practitionerId) }],
      valueCodeableConcept: { coding: [coding(DIAGNOSIS_CODES[l.diagnosis!])], text: reportSentenceOf(l) ?? l.diagnosis! },
      component: componentsOf(l),
      bodySite: { coding: [coding(levelSiteCode(l.level))], text: l.level },
      derivedFrom: [{ reference: studyRef }],
    }));
  const report = {
    resourceType: "DiagnosticReport" as const,
    id: `r-${data.reading.id}`,
    status: data.amendment ? ("amended" as const) : ("final" as const),
    category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0074", code: "RAD", display: "Radiology" }] }],
    code: { coding: [coding(CODES.diagnosticImagingStudy)], text: "MRI lumbar spine: disc bulge and herniation by level" },
    subject: { reference: ref("Patient", patientId) },
    effectiveDateTime: effective,
    issued,
    performer: [{ reference: ref("Practitioner", practitionerId) }],
    resultsInterpreter: [{ reference: ref("Practitioner", practitionerId) }],
    imagingStudy: [{ reference: studyRef }],
    result: observations.map((o) => ({ reference: ref("Observation", o.id) })),
    conclusion: conclusionOf(data),
  };
  const patient = {
    resourceType: "Patient" as const,
    id: patientId,
    identifier: [{ ...(data.patient.issuer ? { system: `urn:dicom-issuer:${data.patient.issuer}` } : {}), value: data.patient.id }],
    ...(personNameOf(data.patient.name) ? { name: [{ text: personNameOf(data.patient.name)! }] } : {}),
  };
  const practitioner = { resourceType: "Practitioner" as const, id: practitionerId, name: [{ text: data.reading.reader.name }] };
  const imagingStudy = {
    resourceType: "ImagingStudy" as const,
    id: `s-${data.studyId}`,
    status: "available" as const,
    identifier: [{ system: "urn:dicom:uid", value: `urn:oid:${data.studyInstanceUid}` }],
    subject: { reference: ref("Patient", patientId) },
    ...(studyDateTime(data.studyDate, data.studyTime) ? { started: studyDateTime(data.studyDate, data.studyTime)! } : {}),
  };
  const resources = [patient, practitioner, imagingStudy, ...observations, report];
  return {
    resourceType: "Bundle" as const,
    type: "collection" as const,
    timestamp: issued,
    entry: resources.map((resource) => ({ fullUrl: ref(resource.resourceType, resource.id), resource })),
  };
}
