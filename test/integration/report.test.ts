import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import dcmjs from "dcmjs";
import { beforeEach, describe, expect, it } from "vitest";
import { effectiveAnnotations } from "../../lib/annotations";
import { main } from "../../lib/cli/main";
import { db } from "../../lib/db/client";
import { generateReport } from "../../lib/report/generate-report";
import { ZFhirBundle, unresolvedReferences } from "../../lib/report/fhir-schemas";
import { openReading, saveEdits, signReading } from "../../lib/review";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { blobStore } from "../../lib/storage";
import { makeUser, resetDatabase } from "./helpers";

describe("[OUTPUTS] reports of a signed phantom study", () => {
  beforeEach(resetDatabase);

  it("refuses an unsigned study with 409, then writes PDF, SR and FHIR once signed", async () => {
    const seeded = await seedPhantomStudy({ seed: 11, variant: "standard" });
    const reader = await makeUser("RADIOLOGIST");
    const unsigned = await generateReport({ studyId: seeded.studyId, format: "pdf", actorId: reader.id }).catch((e: unknown) => e);
    expect(unsigned).toMatchObject({ code: "CONFLICT", status: 409 });
    expect((unsigned as Error).message).toMatch(/no signed reading/);

    const reading = await openReading({ studyId: seeded.studyId, userId: reader.id, userRole: "RADIOLOGIST" });
    const dx = (await effectiveAnnotations(reading.id)).find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === "L4-L5")!;
    const aiDiagnosis = (dx.data as { diagnosis: string }).diagnosis;
    const changed = aiDiagnosis === "herniation" ? "normal" : "herniation";
    await saveEdits({ readingId: reading.id, user: { id: reader.id, role: "RADIOLOGIST" }, changes: [{ kind: "LEVEL_DIAGNOSIS", key: "L4-L5", baseRevisionId: dx.revisionId, data: { level: "L4-L5", diagnosis: changed } }] });
    await signReading({ readingId: reading.id, userId: reader.id });

    const tmp = mkdtempSync(path.join(os.tmpdir(), "report-int-"));
    try {
      const pdf = await generateReport({ studyId: seeded.studyId, format: "pdf", actorId: reader.id });
      const file = path.join(tmp, "r.pdf");
      writeFileSync(file, pdf.bytes);
      const text = execFileSync("/usr/bin/pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
      expect(text).toMatch(new RegExp(`L4-L5\\s+${changed}\\s+${aiDiagnosis}\\s+\\d+ %\\s+yes`));
      expect(text).toMatch(/Signed by/);
      const images = execFileSync("/usr/bin/pdfimages", ["-list", file], { encoding: "utf8" }).trim().split("\n").slice(2);
      expect(images.length).toBeGreaterThanOrEqual(1);
      expect((await blobStore().get(pdf.sha256)).equals(Buffer.from(pdf.bytes))).toBe(true);

      const sr = await generateReport({ studyId: seeded.studyId, format: "sr", actorId: reader.id });
      const srDs = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(Buffer.from(sr.bytes).buffer.slice(0) as ArrayBuffer).dict);
      expect(srDs.StudyInstanceUID).toBe(seeded.studyInstanceUid);

      const fhir = await generateReport({ studyId: seeded.studyId, format: "fhir", actorId: reader.id });
      const bundle = ZFhirBundle.parse(JSON.parse(new TextDecoder().decode(fhir.bytes)));
      expect(unresolvedReferences(bundle)).toEqual([]);

      const rows = await db().report.findMany({ where: { studyId: seeded.studyId } });
      expect(rows.map((r) => r.format).sort()).toEqual(["fhir", "pdf", "sr"]);
      expect(await db().auditEvent.count({ where: { studyId: seeded.studyId, type: "REPORT_GENERATED" } })).toBe(3);

      // discern report <studyInstanceUid> --out <file.pdf> (in-process, same database)
      const cliFile = path.join(tmp, "cli.pdf");
      expect(await main(["report", seeded.studyInstanceUid, "--out", cliFile])).toBe(0);
      expect(readFileSync(cliFile).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(await main(["report", "1.2.3.no.such.study", "--out", cliFile])).toBe(1);
      expect(await main(["report", "--out", cliFile])).toBe(2);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
