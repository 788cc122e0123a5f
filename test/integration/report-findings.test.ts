import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import dcmjs, { type NaturalDataset } from "dcmjs";
import { beforeEach, describe, expect, it } from "vitest";
import { effectiveAnnotations } from "../../lib/annotations";
import { ZFhirBundle, ZFhirObservation, unresolvedReferences } from "../../lib/report/fhir-schemas";
import { storedReport } from "../../lib/report/stored-reports";
import { saveEdits, signReading, startStudyReading } from "../../lib/review";
import { readSnapshot } from "../../lib/review/snapshot";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { db } from "../../lib/db/client";
import { makeUser, resetDatabase } from "./helpers";

const SENTENCE = "L5-S1: right subarticular disc extrusion, severe canal compromise, AP 9 mm.";
type Item = NaturalDataset & { ContentSequence?: Item | Item[] };
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Every TextValue in an SR content tree, depth first. */
const texts = (i: Item): string[] => [...(typeof i.TextValue === "string" ? [i.TextValue] : []), ...list(i.ContentSequence).flatMap(texts)];

describe("[OUTPUTS] issue 16 done-when: a refined finding and a length, signed, in PDF, SR and FHIR", () => {
  beforeEach(resetDatabase);

  it("records L5-S1 right subarticular extrusion, severe canal compromise, AP 9 mm through the revision path and every stored report says exactly that", async () => {
    const seeded = await seedPhantomStudy({ seed: 11, variant: "standard" });
    const reader = await makeUser("RADIOLOGIST");
    const { reading } = await startStudyReading({ studyId: seeded.studyId, userId: reader.id });
    const view = await effectiveAnnotations(reading.id);
    const dx = view.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L5-S1")!;
    // An axial slice assigned to L5-S1, and its rows' spacing: 9 mm AP is 9 / rowSpacing rows.
    const slice = view.find((a) => a.kind === "SLICE_LEVEL" && (a.data as { level: string | null }).level === "L5-S1")!;
    const sop = (slice.data as { sopInstanceUid: string }).sopInstanceUid;
    const instance = await db().instance.findFirstOrThrow({ where: { sopInstanceUid: sop } });
    const rowSpacing = instance.pixelSpacing[0]!;
    const rows = 9 / rowSpacing;
    const finding = { vocabulary: "NASS-ASSR-ASNR 2014", disc: { contour: "herniation", type: "extrusion", zone: "subarticular-right", canalCompromise: "severe" } };
    const length = { id: "0b6f3c1e-6a1d-4f3e-9b1a-5d2c7e8f9a01", sopInstanceUid: sop, level: "L5-S1", purpose: "herniation-ap", points: [[120, 100], [120, 100 + rows]], lengthMm: 9 };
    await saveEdits({
      readingId: reading.id,
      user: { id: reader.id, role: "RADIOLOGIST" },
      changes: [
        { kind: "LEVEL_DIAGNOSIS", key: "L5-S1", baseRevisionId: dx.revisionId, data: { level: "L5-S1", diagnosis: "herniation", finding } },
        { kind: "LENGTH", key: length.id, baseRevisionId: null, data: length },
        { kind: "IMPRESSION", key: "impression", baseRevisionId: null, data: { text: "Right subarticular L5-S1 extrusion compressing the traversing right S1 root." } },
      ],
    } as Parameters<typeof saveEdits>[0]);
    await signReading({ readingId: reading.id, userId: reader.id });
    const frozen = await readSnapshot(db(), reading.id);
    expect(frozen!.snapshot.values.find((v) => v.kind === "LENGTH")?.data).toEqual(length);

    const tmp = mkdtempSync(path.join(os.tmpdir(), "report-findings-"));
    try {
      const pdf = await storedReport({ studyId: seeded.studyId, format: "pdf" });
      const pdfFile = path.join(tmp, "r.pdf");
      writeFileSync(pdfFile, pdf.bytes);
      const text = execFileSync("/usr/bin/pdftotext", ["-layout", pdfFile, "-"], { encoding: "utf8" });
      expect(text).toContain(SENTENCE);
      // The reader's own impression is reported verbatim (not the suggested one).
      expect(text).toContain("Right subarticular L5-S1 extrusion compressing the traversing right S1 root.");
      expect(text).not.toContain("1. L5-S1: Right subarticular disc extrusion");
      expect(text).toMatch(/L5-S1\s+herniation\s+\w+\s+\d+ %\s+changed/);

      const sr = await storedReport({ studyId: seeded.studyId, format: "sr" });
      const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(sr.bytes).buffer).dict) as Item;
      expect(texts(ds)).toContain(SENTENCE);
      expect(texts(ds)).toContain("Right subarticular L5-S1 extrusion compressing the traversing right S1 root.");
      if (existsSync("/usr/bin/dciodvfy")) {
        const srFile = path.join(tmp, "r.dcm");
        writeFileSync(srFile, sr.bytes);
        const out = spawnSync("/usr/bin/dciodvfy", [srFile], { encoding: "utf8" });
        expect(`${out.stdout}\n${out.stderr}`.split("\n").filter((l) => /^(Error|E:)/.test(l.trim()))).toEqual([]);
      } else console.warn("dciodvfy absent (apt-get install -y dicom3tools): the SR was not validated");

      const fhir = await storedReport({ studyId: seeded.studyId, format: "fhir" });
      const bundle = ZFhirBundle.parse(JSON.parse(fhir.bytes.toString("utf8")));
      expect(unresolvedReferences(bundle)).toEqual([]);
      const l5 = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === "Observation").map((r) => ZFhirObservation.parse(r)).find((o) => o.bodySite.text === "L5-S1")!;
      expect(l5.valueCodeableConcept.text).toBe(SENTENCE);
      expect(l5.component!.find((c) => c.valueQuantity)?.valueQuantity).toEqual({ value: 9, unit: "mm", system: "http://unitsofmeasure.org", code: "mm" });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
