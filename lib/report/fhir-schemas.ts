import { z } from "zod";

/**
 * zod schemas of the FHIR R4 resources discern emits (the subset of each resource we fill, with
 * R4's cardinalities for required elements), and a check that every reference resolves inside
 * the bundle. Used by the tests and available to anyone who consumes the JSON.
 */
const ZCoding = z.object({ system: z.string().url().or(z.string().startsWith("urn:")), code: z.string().min(1), display: z.string().optional() });
const ZCodeableConcept = z.object({ coding: z.array(ZCoding).min(1), text: z.string().optional() });
const ZReference = z.object({ reference: z.string().regex(/^([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}|urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/) });
const ZId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
const ZDateTime = z.string().regex(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/);
const ZInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);

export const ZFhirPatient = z.object({
  resourceType: z.literal("Patient"),
  id: ZId,
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string() })).min(1),
  name: z.array(z.object({ text: z.string() })).optional(),
});
export const ZFhirPractitioner = z.object({ resourceType: z.literal("Practitioner"), id: ZId, name: z.array(z.object({ text: z.string() })).min(1) });
export const ZFhirImagingStudy = z.object({
  resourceType: z.literal("ImagingStudy"),
  id: ZId,
  status: z.enum(["registered", "available", "cancelled", "entered-in-error", "unknown"]),
  identifier: z.array(z.object({ system: z.string(), value: z.string().startsWith("urn:oid:") })).min(1),
  subject: ZReference,
  started: ZDateTime.optional(),
});
export const ZFhirObservation = z.object({
  resourceType: z.literal("Observation"),
  id: ZId,
  status: z.enum(["registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"]),
  category: z.array(ZCodeableConcept).optional(),
  code: ZCodeableConcept,
  subject: ZReference,
  effectiveDateTime: ZDateTime,
  issued: ZInstant,
  performer: z.array(ZReference).min(1),
  valueCodeableConcept: ZCodeableConcept,
  component: z.array(z.object({ code: ZCodeableConcept, valueCodeableConcept: ZCodeableConcept.optional(), valueQuantity: z.object({ value: z.number(), unit: z.string(), system: z.literal("http://unitsofmeasure.org"), code: z.string() }).optional() })).optional(),
  bodySite: ZCodeableConcept,
  derivedFrom: z.array(ZReference).min(1),
});
export const ZFhirDiagnosticReport = z.object({
  resourceType: z.literal("DiagnosticReport"),
  id: ZId,
  status: z.enum(["registered", "partial", "preliminary", "final", "amended", "corrected", "appended", "cancelled", "entered-in-error", "unknown"]),
  category: z.array(ZCodeableConcept).optional(),
  code: ZCodeableConcept,
  subject: ZReference,
  effectiveDateTime: ZDateTime,
  issued: ZInstant,
  performer: z.array(ZReference).min(1),
  resultsInterpreter: z.array(ZReference).min(1),
  imagingStudy: z.array(ZReference).min(1),
  result: z.array(ZReference),
  conclusion: z.string().optional(),
});
export const ZFhirResource = z.discriminatedUnion("resourceType", [ZFhirPatient, ZFhirPractitioner, ZFhirImagingStudy, ZFhirObservation, ZFhirDiagnosticReport]);
export const ZFhirBundle = z.object({
  resourceType: z.literal("Bundle"),
  type: z.literal("collection"),
  timestamp: ZInstant,
  entry: z.array(z.object({ fullUrl: z.string().regex(/^urn:uuid:[0-9a-f-]{36}$/, "fullUrl must be an absolute urn:uuid"), resource: ZFhirResource })).min(1),
});

/** Every `reference` anywhere in the bundle that names no resource of the bundle. */
export function unresolvedReferences(bundle: z.infer<typeof ZFhirBundle>): string[] {
  const known = new Set(bundle.entry.flatMap((e) => [`${e.resource.resourceType}/${e.resource.id}`, e.fullUrl]));
  const missing: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        if (key === "reference" && typeof v === "string" && !known.has(v)) missing.push(v);
        else walk(v);
      }
    }
  };
  walk(bundle.entry.map((e) => e.resource));
  return missing;
}
