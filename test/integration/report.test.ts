import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import dcmjs from "dcmjs";
import { beforeEach, describe, expect, it } from "vitest";
import { effectiveAnnotations } from "../../lib/annotations";
import { main } from "../../lib/cli/main";
import { db } from "../../lib/db/client";
import { ZFhirBundle, unresolvedReferences } from "../../lib/report/fhir-schemas";
import { listReports, storedReport } from "../../lib/report/stored-reports";
import { amendReading, saveEdits, signReading, startStudyReading, worklist } from "../../lib/review";
import { readSnapshot } from "../../lib/review/snapshot";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { blobStore } from "../../lib/storage";
import { rerunAiDifferently } from "./ai-rerun";
import { makeUser, resetDatabase } from "./helpers";

function pdfText(bytes: Uint8Array, dir: string): string {
  const file = path.join(dir, `r-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync("/usr/bin/pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

async function changeLevel(readingId: string, userId: string, level: string, pick: (ai: string) => string) {
  const dx = (await effectiveAnnotations(readingId)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === level)!;
  const before = (dx.data as { diagnosis: string }).diagnosis;
  const after = pick(before);
  await saveEdits({ readingId, user: { id: userId, role: "RADIOLOGIST" }, changes: [{ kind: "LEVEL_DIAGNOSIS", key: level, baseRevisionId: dx.revisionId, data: { level, diagnosis: after } }] });
  return { before, after };
}

describe("[OUTPUTS] a signed report is a fixed record (issue 12.3)", () => {
  beforeEach(resetDatabase);

  it("renders PDF, SR and FHIR once at signing; downloads return those bytes; an AI re-run changes nothing; an amendment adds a report and keeps the old one", async () => {
    const seeded = await seedPhantomStudy({ seed: 11, variant: "standard" });
    const reader = await makeUser("RADIOLOGIST");
    const supervisor = await makeUser("SUPERVISOR");
    expect(await storedReport({ studyId: seeded.studyId, format: "pdf" }).catch((e: unknown) => e)).toMatchObject({ code: "CONFLICT", status: 409 });

    const { reading } = await startStudyReading({ studyId: seeded.studyId, userId: reader.id });
    const l45 = await changeLevel(reading.id, reader.id, "L4-L5", (ai) => (ai === "herniation" ? "normal" : "herniation"));
    const signed = await signReading({ readingId: reading.id, userId: reader.id });
    expect(signed.reports.map((r) => r.format).sort()).toEqual(["fhir", "pdf", "sr"]);
    const frozenBefore = await readSnapshot(db(), reading.id);
    // Every effective value is frozen, untouched AI values included, each with its model version.
    const viewAtSigning = await effectiveAnnotations(reading.id);
    expect(frozenBefore!.snapshot.values.length).toBe(viewAtSigning.length);
    const untouched = frozenBefore!.snapshot.values.find((v) => v.kind === "LEVEL_DIAGNOSIS" && v.key === "L1-L2")!;
    expect([untouched.source, untouched.model?.modelId]).toEqual(["AI", "phantom-truth"]);
    const corrected = frozenBefore!.snapshot.values.find((v) => v.kind === "LEVEL_DIAGNOSIS" && v.key === "L4-L5")!;
    expect([corrected.source, corrected.model, corrected.correctedModel?.modelId]).toEqual(["HUMAN", null, "phantom-truth"]);

    const tmp = mkdtempSync(path.join(os.tmpdir(), "report-int-"));
    try {
      const rowsBefore = await db().report.count();
      const eventsBefore = await db().auditEvent.count();
      const pdf = await storedReport({ studyId: seeded.studyId, format: "pdf" });
      const pdfAgain = await storedReport({ studyId: seeded.studyId, format: "pdf" });
      expect(pdfAgain.bytes.equals(pdf.bytes)).toBe(true);
      expect(pdf.sha256).toBe(signed.reports.find((r) => r.format === "pdf")!.sha256);
      expect((await blobStore().get(pdf.sha256)).equals(pdf.bytes)).toBe(true);
      const text = pdfText(pdf.bytes, tmp);
      expect(text).toMatch(new RegExp(`L4-L5\\s+${l45.after}\\s+${l45.before}\\s+\\d+ %\\s+changed`));
      expect(text).toMatch(/Signed by/);
      const images = execFileSync("/usr/bin/pdfimages", ["-list", "-"], { input: pdf.bytes, encoding: "utf8" }).trim().split("\n").slice(2);
      expect(images.length).toBeGreaterThanOrEqual(1);
      const sr = await storedReport({ studyId: seeded.studyId, format: "sr" });
      const srDs = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(sr.bytes).buffer).dict);
      expect(srDs.StudyInstanceUID).toBe(seeded.studyInstanceUid);
      const fhir = await storedReport({ studyId: seeded.studyId, format: "fhir" });
      const bundle = ZFhirBundle.parse(JSON.parse(fhir.bytes.toString("utf8")));
      expect(unresolvedReferences(bundle)).toEqual([]);
      // Downloads write nothing: no report row, no audit event.
      expect([await db().report.count(), await db().auditEvent.count()]).toEqual([rowsBefore, eventsBefore]);

      // The AI runs again with a different model that disagrees everywhere: the signed record stands.
      await rerunAiDifferently(seeded.studyId);
      expect(await readSnapshot(db(), reading.id)).toEqual(frozenBefore);
      expect((await effectiveAnnotations(reading.id)).map((a) => [a.kind, a.key, a.data])).toEqual(viewAtSigning.map((a) => [a.kind, a.key, a.data]));
      expect((await storedReport({ studyId: seeded.studyId, format: "pdf" })).bytes.equals(pdf.bytes)).toBe(true);
      expect((await storedReport({ studyId: seeded.studyId, format: "fhir" })).bytes.equals(fhir.bytes)).toBe(true);
      // The worklist shows the signed findings, not the new AI's.
      const [row] = await worklist({ id: supervisor.id, role: "SUPERVISOR" });
      expect(row!.findingsSource).toBe("SIGNED");
      expect(row!.findings.find((f) => f.level === "L4-L5")?.diagnosis).toBe(l45.after);
      expect(row!.findings.map((f) => f.diagnosis)).toEqual(frozenBefore!.snapshot.values.filter((v) => v.kind === "LEVEL_DIAGNOSIS").sort((a, b) => a.key.localeCompare(b.key)).map((v) => (v.data as { diagnosis: string }).diagnosis));

      // An amendment (with a reason) starts from the signed values, not the new AI's, and adds a report.
      const amendment = await amendReading({ readingId: reading.id, userId: reader.id, reason: "Re-read L3-L4 on the axial stack" });
      const amendedView = await effectiveAnnotations(amendment.id);
      expect(amendedView.filter((a) => a.kind === "LEVEL_DIAGNOSIS").map((a) => a.data)).toEqual(viewAtSigning.filter((a) => a.kind === "LEVEL_DIAGNOSIS").map((a) => a.data));
      expect((await storedReport({ studyId: seeded.studyId, format: "pdf" })).bytes.equals(pdf.bytes)).toBe(true); // still the signed record meanwhile
      await changeLevel(amendment.id, reader.id, "L3-L4", (d) => (d === "bulge" ? "normal" : "bulge"));
      const resigned = await signReading({ readingId: amendment.id, userId: reader.id });
      expect(resigned.reports).toHaveLength(3);
      const newPdf = await storedReport({ studyId: seeded.studyId, format: "pdf" });
      expect(newPdf.sha256).not.toBe(pdf.sha256);
      expect(pdfText(newPdf.bytes, tmp)).toMatch(/Amended report[\s\S]*Reason: Re-read L3-L4 on the axial stack/);
      const list = await listReports(seeded.studyId);
      expect(list).toHaveLength(6);
      expect(list.filter((r) => r.current).map((r) => r.readingId)).toEqual([amendment.id, amendment.id, amendment.id]);
      const old = list.find((r) => r.format === "pdf" && !r.current)!;
      expect((await storedReport({ studyId: seeded.studyId, reportId: old.reportId })).bytes.equals(pdf.bytes)).toBe(true);
      const amendedFhir = JSON.parse((await storedReport({ studyId: seeded.studyId, format: "fhir" })).bytes.toString("utf8")) as { entry: Array<{ resource: { resourceType: string; status?: string } }> };
      expect(amendedFhir.entry.find((e) => e.resource.resourceType === "DiagnosticReport")?.resource.status).toBe("amended");

      // discern report <studyInstanceUid> --out <file.pdf>: the stored bytes (in-process, same database)
      const cliFile = path.join(tmp, "cli.pdf");
      expect(await main(["report", seeded.studyInstanceUid, "--out", cliFile])).toBe(0);
      expect(readFileSync(cliFile).equals(newPdf.bytes)).toBe(true);
      expect(await main(["report", "1.2.3.no.such.study", "--out", cliFile])).toBe(1);
      expect(await main(["report", "--out", cliFile])).toBe(2);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 180_000);
});
