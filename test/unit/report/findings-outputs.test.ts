import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import dcmjs, { type NaturalDataset } from "dcmjs";
import { afterAll, describe, expect, it } from "vitest";
import { buildFhir } from "@/lib/report/build-fhir";
import { buildPdf } from "@/lib/report/build-pdf";
import { buildSr } from "@/lib/report/build-sr";
import { ZFhirBundle, ZFhirObservation, unresolvedReferences } from "@/lib/report/fhir-schemas";
import type { TReportData } from "@/lib/report/report-data";
import { sampleReportData } from "./sample-report-data";

/**
 * Issue 16 done-when: "L5-S1 right subarticular extrusion, severe canal compromise, AP 9 mm" —
 * the PDF (pdftotext), the SR (dcmjs, dciodvfy) and the FHIR bundle (JSON) say exactly that.
 */
const SENTENCE = "L5-S1: right subarticular disc extrusion, severe canal compromise, AP 9 mm.";
function doneWhenData(): TReportData {
  const base = sampleReportData();
  const mr = "1.2.840.10008.5.1.4.1.1.4";
  return {
    ...base,
    patient: { ...base.patient, name: "Doe^Jane" },
    models: [{ id: "disc-classifier", version: "2.1.0" }, { id: "vertebra-detector", version: "0.3.0" }],
    levels: base.levels.map((l) =>
      l.level !== "L5-S1"
        ? l
        : {
            ...l,
            diagnosis: "herniation",
            aiDiagnosis: "herniation",
            aiProbability: 0.81,
            changedByReader: true,
            finding: { vocabulary: "NASS-ASSR-ASNR 2014", disc: { contour: "herniation", type: "extrusion", zone: "subarticular-right", canalCompromise: "severe" } },
            measurements: [{ id: "6f1c2a8e-0000-4000-8000-000000000001", sopInstanceUid: "1.2.3.4.5.2.3", purpose: "herniation-ap", points: [[100, 80], [100, 98]], mm: 9 }],
            images: [{ sopInstanceUid: "1.2.3.4.5.2.3", roi: null }],
          },
    ),
    instances: { ...base.instances, "1.2.3.4.5.2.3": { sopClassUid: mr, seriesInstanceUid: "1.2.3.4.5.2" } },
  };
}

type Item = NaturalDataset & { ConceptNameCodeSequence?: NaturalDataset | NaturalDataset[]; ContentSequence?: Item | Item[] };
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const conceptOf = (i: Item) => (list(i.ConceptNameCodeSequence)[0] as { CodeValue?: string } | undefined)?.CodeValue;
const codeOf = (i: Item) => list(i.ConceptCodeSequence as NaturalDataset)[0] as { CodeValue: string; CodingSchemeDesignator: string };

const tmp = mkdtempSync(path.join(os.tmpdir(), "findings-outputs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the done-when finding in every output", () => {
  const data = doneWhenData();

  it("PDF: the sentence, the impression, accepted/changed per level, human name and date; no page without text", async () => {
    const file = path.join(tmp, "r.pdf");
    writeFileSync(file, await buildPdf(data, []));
    const text = execFileSync("/usr/bin/pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain(SENTENCE);
    expect(text).toContain("1. L5-S1: Right subarticular disc extrusion, severe canal compromise.");
    expect(text).toMatch(/L5-S1\s+herniation\s+herniation\s+81 %\s+changed/);
    expect(text).toMatch(/L1-L2\s+normal\s+normal\s+91 %\s+accepted/);
    expect(text).toMatch(/Patient\s+Doe, Jane/);
    expect(text).toMatch(/Study date\s+2024-01-02/);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("/usr/bin/pdfinfo", [file], { encoding: "utf8" }))![1]);
    for (let p = 1; p <= pages; p++) {
      const pageText = execFileSync("/usr/bin/pdftotext", ["-f", String(p), "-l", String(p), file, "-"], { encoding: "utf8" });
      expect(pageText.trim().length, `page ${p} of ${pages} is empty`).toBeGreaterThan(40);
    }
  });

  const bytes = buildSr(data);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer).dict) as Item;

  it("SR: coded type, zone, compromise, the AP length with its SCOORD, algorithm identification, declared local scheme", () => {
    const groups = list(list(ds.ContentSequence).find((i) => conceptOf(i) === "126010")!.ContentSequence);
    const l5 = list(groups.find((g) => list(g.ContentSequence).some((i) => i.TextValue === "L5-S1"))!.ContentSequence);
    expect(codeOf(l5.find((i) => conceptOf(i) === "121071")!)).toMatchObject({ CodeValue: "73589001", CodingSchemeDesignator: "SCT" });
    expect(codeOf(l5.find((i) => conceptOf(i) === "herniation-type")!).CodeValue).toBe("extrusion");
    expect(codeOf(l5.find((i) => conceptOf(i) === "axial-zone")!).CodeValue).toBe("subart-right");
    expect(codeOf(l5.find((i) => conceptOf(i) === "canal-compromise")!)).toMatchObject({ CodeValue: "24484000", CodingSchemeDesignator: "SCT" });
    expect(l5.find((i) => conceptOf(i) === "finding-text")!.TextValue).toBe(SENTENCE);
    const num = l5.find((i) => i.ValueType === "NUM")!;
    const measured = list(num.MeasuredValueSequence as NaturalDataset)[0] as { NumericValue: number | string; MeasurementUnitsCodeSequence: NaturalDataset };
    expect(Number(measured.NumericValue)).toBe(9);
    expect((list(measured.MeasurementUnitsCodeSequence)[0] as { CodeValue: string; CodingSchemeDesignator: string })).toMatchObject({ CodeValue: "mm", CodingSchemeDesignator: "UCUM" });
    const scoord = list(num.ContentSequence).find((i) => i.ValueType === "SCOORD")!;
    expect(scoord.GraphicType).toBe("POLYLINE");
    expect(list(scoord.GraphicData as number[]).map(Number)).toEqual([100, 80, 100, 98]);
    const ai = l5.find((i) => conceptOf(i) === "ai-assessment")!;
    expect(codeOf(ai).CodeValue).toBe("ai-changed");
    expect(list(ai.ContentSequence).map((a) => [a.TextValue, list(a.ContentSequence)[0]!.TextValue])).toEqual([["discern disc-classifier", "2.1.0"], ["discern vertebra-detector", "0.3.0"]]);
    expect((list(ds.CodingSchemeIdentificationSequence as NaturalDataset)[0] as { CodingSchemeDesignator: string }).CodingSchemeDesignator).toBe("99DISCERN");
    const impression = list(list(ds.ContentSequence).find((i) => conceptOf(i) === "C0034375")!.ContentSequence)[0]!;
    expect(impression.TextValue).toBe("1. L5-S1: Right subarticular disc extrusion, severe canal compromise.\n2. L4-L5: Disc herniation.\n3. L3-L4: Disc bulge.");
  });

  it.skipIf(!existsSync("/usr/bin/dciodvfy"))("SR: dciodvfy (dicom3tools) reports no errors", () => {
    const file = path.join(tmp, "r.dcm");
    writeFileSync(file, bytes);
    const out = spawnSync("/usr/bin/dciodvfy", [file], { encoding: "utf8" });
    const lines = `${out.stdout}\n${out.stderr}`.split("\n").map((l) => l.trim()).filter(Boolean);
    expect(lines.filter((l) => /^(Error|E:)/.test(l))).toEqual([]);
  });

  it("FHIR: one Observation per level with the sentence, coded components and the length in mm; absolute urn:uuid fullUrls", () => {
    const bundle = ZFhirBundle.parse(JSON.parse(JSON.stringify(buildFhir(data))));
    expect(unresolvedReferences(bundle)).toEqual([]);
    const obs = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === "Observation").map((r) => ZFhirObservation.parse(r));
    expect(obs.map((o) => o.bodySite.text)).toEqual(["L1-L2", "L3-L4", "L4-L5", "L5-S1"]);
    const l5 = obs.find((o) => o.bodySite.text === "L5-S1")!;
    expect(l5.valueCodeableConcept.text).toBe(SENTENCE);
    const comp = (code: string) => l5.component!.find((c) => c.code.coding[0]!.code === code)!;
    expect(comp("herniation-type").valueCodeableConcept!.coding[0]!.code).toBe("extrusion");
    expect(comp("axial-zone").valueCodeableConcept!.coding[0]!.code).toBe("subart-right");
    expect(comp("canal-compromise").valueCodeableConcept!.coding[0]).toMatchObject({ system: "http://snomed.info/sct", code: "24484000" });
    expect(comp("hern-ap-depth").valueQuantity).toEqual({ value: 9, unit: "mm", system: "http://unitsofmeasure.org", code: "mm" });
    const study = bundle.entry.find((e) => e.resource.resourceType === "ImagingStudy")!;
    expect(l5.derivedFrom[0]!.reference).toBe(study.fullUrl);
    for (const e of bundle.entry) expect(e.fullUrl).toMatch(/^urn:uuid:/);
    const report = bundle.entry.find((e) => e.resource.resourceType === "DiagnosticReport")!.resource as { conclusion: string };
    expect(report.conclusion).toContain(SENTENCE);
  });
});
