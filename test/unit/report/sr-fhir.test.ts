import dcmjs, { type NaturalDataset } from "dcmjs";
import { describe, expect, it } from "vitest";
import { buildFhir } from "@/lib/report/build-fhir";
import { buildSr, COMPREHENSIVE_SR } from "@/lib/report/build-sr";
import { ZFhirBundle, ZFhirDiagnosticReport, ZFhirObservation, unresolvedReferences } from "@/lib/report/fhir-schemas";
import { readInstanceMeta } from "@/lib/dicom";
import { sampleReportData } from "./sample-report-data";

type Item = NaturalDataset & { ConceptNameCodeSequence?: NaturalDataset | NaturalDataset[]; ContentSequence?: Item | Item[] };
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const conceptOf = (i: Item) => (list(i.ConceptNameCodeSequence)[0] as { CodeValue?: string } | undefined)?.CodeValue;

describe("DICOM SR (TID 1500) round trip through dcmjs", () => {
  const bytes = buildSr(sampleReportData());
  const read = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(read.dict) as Item;

  it("is a Comprehensive SR of the study with the TID 1500 root", () => {
    expect(ds.SOPClassUID).toBe(COMPREHENSIVE_SR);
    expect(ds.Modality).toBe("SR");
    expect(ds.StudyInstanceUID).toBe("1.2.3.4.5");
    expect(conceptOf(ds)).toBe("126000");
    expect((list(ds.ContentTemplateSequence as NaturalDataset)[0] as { TemplateIdentifier?: string }).TemplateIdentifier).toBe("1500");
    expect(ds.VerificationFlag).toBe("VERIFIED");
    // dicom-parser (the platform's reader) reads it too
    expect(() => readInstanceMeta(Buffer.from(bytes))).toThrow(/not an image/);
  });

  it("has one measurement group per assessed level: tracking id, finding site, finding code", () => {
    const measurements = list(ds.ContentSequence).find((i) => conceptOf(i) === "126010")!;
    const groups = list(measurements.ContentSequence);
    expect(groups).toHaveLength(3);
    const summary = groups.map((g) => {
      const items = list(g.ContentSequence);
      const tracking = items.find((i) => conceptOf(i) === "112039")!.TextValue;
      const site = (list(items.find((i) => conceptOf(i) === "363698007")!.ConceptCodeSequence as NaturalDataset)[0] as { CodeValue: string }).CodeValue;
      const finding = list(items.find((i) => conceptOf(i) === "121071")!.ConceptCodeSequence as NaturalDataset)[0] as { CodeValue: string; CodingSchemeDesignator: string };
      expect(items.find((i) => conceptOf(i) === "112040")!.UID).toMatch(/^2\.25\./);
      return [tracking, site, finding.CodingSchemeDesignator, finding.CodeValue];
    });
    expect(summary).toEqual([
      ["L1-L2", "L1-L2", "SCT", "17621005"],
      ["L3-L4", "L3-L4", "99DISCERN", "disc-bulge"],
      ["L4-L5", "L4-L5", "SCT", "73589001"],
    ]);
    const library = list(ds.ContentSequence).find((i) => conceptOf(i) === "111028")!;
    expect(list(library.ContentSequence)).toHaveLength(3);
  });
});

describe("FHIR R4 DiagnosticReport and Observations", () => {
  const bundle = buildFhir(sampleReportData());

  it("validates against the resource schemas and every reference resolves", () => {
    const parsed = ZFhirBundle.parse(JSON.parse(JSON.stringify(bundle)));
    expect(unresolvedReferences(parsed)).toEqual([]);
    const observations = parsed.entry.map((e) => e.resource).filter((r) => r.resourceType === "Observation").map((r) => ZFhirObservation.parse(r));
    expect(observations.map((o) => [o.bodySite.text, o.valueCodeableConcept.coding[0]!.code])).toEqual([
      ["L1-L2", "17621005"],
      ["L3-L4", "disc-bulge"],
      ["L4-L5", "73589001"],
    ]);
    const studyEntry = parsed.entry.find((e) => e.resource.resourceType === "ImagingStudy")!;
    expect(studyEntry.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(parsed.entry.map((e) => e.fullUrl)).size).toBe(parsed.entry.length);
    for (const o of observations) expect(o.derivedFrom[0]!.reference).toBe(studyEntry.fullUrl);
    const report = ZFhirDiagnosticReport.parse(parsed.entry.find((e) => e.resource.resourceType === "DiagnosticReport")!.resource);
    expect(report.result).toHaveLength(3);
    expect(report.code.coding[0]).toMatchObject({ system: "http://loinc.org", code: "18748-4" });
    expect(report.effectiveDateTime).toBe("2024-01-02T10:15:00Z");
  });

  it("a dangling reference is caught", () => {
    const parsed = ZFhirBundle.parse(JSON.parse(JSON.stringify(bundle)));
    const practitioner = bundle.entry.find((e) => e.resource.resourceType === "Practitioner")!.fullUrl;
    parsed.entry = parsed.entry.filter((e) => e.resource.resourceType !== "Practitioner");
    expect(unresolvedReferences(parsed)).toContain(practitioner);
  });
});
