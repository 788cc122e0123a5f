import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { main } from "../../lib/cli/main";
import { db } from "../../lib/db/client";
import { createDatasetVersion, datasetExportStatus, exportDataset, freezeDatasetVersion, startDatasetExport } from "../../lib/datasets";
import { signReading, startStudyReading } from "../../lib/review";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { makeUser, resetDatabase } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("[OUTPUTS] dataset versions and exports", () => {
  beforeEach(resetDatabase);

  it("refuses unsigned work, exports COCO + classification the training loader reads back, and de-identified DICOM", async () => {
    const supervisor = await makeUser("SUPERVISOR");
    const reader = await makeUser("RADIOLOGIST");
    const a = await seedPhantomStudy({ seed: 21, variant: "standard" });
    const b = await seedPhantomStudy({ seed: 22, variant: "standard" });
    const refused = await createDatasetVersion({ name: "lumbar", labelSource: "FINAL", studyIds: [a.studyId, b.studyId], splitSeed: 42, splitFractions: { train: 0.5, val: 0.25, test: 0.25 } }, supervisor.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "CONFLICT" });
    for (const s of [a, b]) {
      const { reading } = await startStudyReading({ studyId: s.studyId, userId: reader.id });
      await signReading({ readingId: reading.id, userId: reader.id });
    }
    const version = await createDatasetVersion({ name: "lumbar", labelSource: "FINAL", studyIds: [a.studyId, b.studyId], splitSeed: 42, splitFractions: { train: 0.5, val: 0.25, test: 0.25 } }, supervisor.id);
    expect(version.version).toBe(1);
    const notFrozen = await exportDataset({ datasetVersionId: version.id, format: "coco", outDir: "/tmp/never", actorId: supervisor.id }).catch((e: unknown) => e);
    expect(notFrozen).toMatchObject({ code: "CONFLICT" });
    await freezeDatasetVersion(version.id, supervisor.id);

    const out = mkdtempSync(path.join(os.tmpdir(), "dataset-export-"));
    try {
      const coco = await exportDataset({ datasetVersionId: version.id, format: "coco", outDir: out, actorId: supervisor.id });
      expect(coco.status).toBe("DONE");
      expect(coco.progress).toBe(1);
      await exportDataset({ datasetVersionId: version.id, format: "classification", outDir: out, actorId: supervisor.id });
      const dataset = JSON.parse(readFileSync(path.join(out, "dataset.json"), "utf8"));
      expect(dataset).toMatchObject({ schema: "discern.dataset/v1", name: "lumbar", version: "1", labelSource: "reviewed", splitSeed: 42 });
      expect(dataset.counts.sagittal).toBe(2); // kept from the coco export into the same folder
      expect(dataset.counts.discs).toBeGreaterThan(2);

      // The training code's loader (models/training/dataset_format.py load_exported) reads it back.
      const script = [
        "import json, sys",
        "from pathlib import Path",
        "from models.training.dataset_format import load_exported",
        "d = load_exported(Path(sys.argv[1]))",
        "print(json.dumps({'sagittal': len(d.sagittal), 'axial': len(d.axial), 'discs': len(d.discs), 'boxes': sum(len(s.boxes) for s in d.sagittal), 'max': float(max(s.image.max() for s in d.axial)), 'groups': sorted({s.group for s in d.sagittal})}))",
      ].join("\n");
      const loaded = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, out], { cwd: ROOT, encoding: "utf8" }));
      expect(loaded.sagittal).toBe(2);
      expect(loaded.boxes).toBeGreaterThanOrEqual(10);
      expect(loaded.axial).toBeGreaterThan(5);
      expect(loaded.discs).toBeGreaterThan(2);
      expect(loaded.max).toBeGreaterThan(100);
      expect(loaded.groups.every((g: string) => /^s-[0-9a-f]{12}$/.test(g))).toBe(true);

      const dicomOut = path.join(out, "dicom-export");
      const dicom = await exportDataset({ datasetVersionId: version.id, format: "dicom", outDir: dicomOut, actorId: supervisor.id });
      const files = filesUnder(path.join(dicomOut, "dicom"));
      expect(files.length).toBe(await db().instance.count());
      expect(dicom.summary).toMatchObject({ files: files.length });
      // No identifier of the original studies in any exported file (the exporter's own scan ran
      // per file; this checks the bytes once more from outside).
      const patients = await db().patient.findMany();
      const studies = await db().study.findMany();
      const needles = [...patients.flatMap((p) => [p.patientId, p.name ?? ""]), ...studies.flatMap((s) => [s.studyInstanceUid, s.accessionNumber ?? ""])].filter((n) => n.length >= 4);
      for (const file of files) {
        const text = readFileSync(file).toString("latin1");
        for (const needle of needles) expect(text.includes(needle)).toBe(false);
      }
      expect(await db().pseudonym.count({ where: { kind: "patient" } })).toBeGreaterThanOrEqual(1);

      // The UI path: a QUEUED row at once, the work in the background, progress polled to DONE.
      process.env.DISCERN_EXPORT_ROOT = path.join(out, "ui");
      const started = await startDatasetExport(version.id, { format: "classification" }, supervisor.id);
      expect(started.status).toBe("QUEUED");
      let status = await datasetExportStatus(started.id);
      for (let i = 0; i < 120 && (status.status === "QUEUED" || status.status === "RUNNING"); i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = await datasetExportStatus(started.id);
      }
      expect(status).toMatchObject({ status: "DONE", progress: 1 });
      expect(readFileSync(path.join(out, "ui", started.id, "classification", "manifest.csv"), "utf8")).toMatch(/^image,level,label,split/);
      // Both granularities (issue 16.2): the three-class label beside the 2014 vocabulary's columns, one row per study level.
      const findingsCsv = readFileSync(path.join(out, "ui", started.id, "classification", "findings.csv"), "utf8").trim().split("\n");
      expect(findingsCsv[0]).toMatch(/^study,split,level,label,vocabulary,contour,vocabulary_class,/);
      for (const line of findingsCsv.slice(1)) {
        const [, , level, label, vocabulary, contour, vocabularyClass] = line.split(",");
        expect(level).toMatch(/^L[1-5]-(L[2-5]|S1)$/);
        expect([vocabulary, contour]).toEqual(["NASS-ASSR-ASNR 2014", label]);
        expect(vocabularyClass!.split(":")[0]).toBe(label);
      }
      expect(findingsCsv.length).toBeGreaterThan(1);
      delete process.env.DISCERN_EXPORT_ROOT;
      expect(await db().auditEvent.count({ where: { type: "EXPORT_FINISHED" } })).toBe(4);

      // discern export: a named frozen dataset, and without --dataset a fresh frozen "all-signed".
      expect(await main(["export", "--format", "coco", "--out", path.join(out, "cli-named"), "--dataset", "lumbar"])).toBe(0);
      expect(JSON.parse(readFileSync(path.join(out, "cli-named", "sagittal", "annotations.json"), "utf8")).images).toHaveLength(2);
      await makeUser("ADMIN");
      expect(await main(["export", "--format", "classification", "--out", path.join(out, "cli-all")])).toBe(0);
      expect(await db().datasetVersion.count({ where: { name: "all-signed", frozenAt: { not: null } } })).toBe(1);
      expect(await main(["export", "--format", "tiff", "--out", out])).toBe(2);
      expect(await db().auditEvent.count({ where: { type: "DATASET_FROZEN" } })).toBe(2);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
