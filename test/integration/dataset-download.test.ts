import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import yauzl from "yauzl";
import { db } from "../../lib/db/client";
import { archiveExportFolder, createDatasetVersion, datasetSplitSummary, eligibleStudyIds, exportDataset, freezeDatasetVersion } from "../../lib/datasets";
import { generateStudy } from "../../lib/phantom";
import { signReading, startStudyReading } from "../../lib/review";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { makeUser, resetDatabase } from "./helpers";
import { testSession as session } from "./test-session";

// The routes run with a session of the role the test chooses; the permission check is the real one.
vi.mock("../../lib/auth/current-user", () => import("./test-session"));
const { GET: getArchive } = await import("../../app/api/datasets/exports/[exportId]/archive/route");
const { GET: getEligible } = await import("../../app/api/datasets/eligible-studies/route");

const work = mkdtempSync(path.join(os.tmpdir(), "dataset-download-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Entry name → bytes of every file in a zip (yauzl, the importer's reader). */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const files = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(files));
      zip.readEntry();
    });
  });
}

describe("[OUTPUTS] dataset splits, label sources and the export download", () => {
  beforeEach(resetDatabase);

  it("counts labels per split, level and class, and serves the export as a zip whose sha256 is announced", async () => {
    const supervisor = await makeUser("SUPERVISOR");
    const reader = await makeUser("RADIOLOGIST");
    const seeds = [31, 32, 33, 34];
    const studies = [];
    for (const seed of seeds) studies.push(await seedPhantomStudy({ seed, variant: "standard" }));
    for (const s of studies.slice(0, 3)) {
      const { reading } = await startStudyReading({ studyId: s.studyId, userId: reader.id });
      await signReading({ readingId: reading.id, userId: reader.id });
    }
    // Eligibility per label source: signed studies for FINAL and this reader, every AI-read study for AI.
    expect((await eligibleStudyIds({ labelSource: "FINAL" })).sort()).toEqual(studies.slice(0, 3).map((s) => s.studyId).sort());
    expect(await eligibleStudyIds({ labelSource: "READER", readerId: reader.id })).toHaveLength(3);
    expect(await eligibleStudyIds({ labelSource: "READER", readerId: supervisor.id })).toHaveLength(0);
    expect(await eligibleStudyIds({ labelSource: "AI" })).toHaveLength(4);
    await expect(eligibleStudyIds({ labelSource: "READER" })).rejects.toMatchObject({ code: "INVALID_INPUT" });

    const version = await createDatasetVersion({ name: "dl", labelSource: "FINAL", studyIds: studies.slice(0, 3).map((s) => s.studyId), splitSeed: 5, splitFractions: { train: 0.34, val: 0.33, test: 0.33 } }, supervisor.id);
    await freezeDatasetVersion(version.id, supervisor.id);
    const summary = await datasetSplitSummary(version.id);

    // Expected from the phantom generator's truth (the signed readings accepted the AI's truth-seeded values).
    const members = await db().datasetMember.findMany({ where: { datasetVersionId: version.id }, include: { study: true } });
    const expected: Record<string, Record<string, Record<string, number>>> = {};
    const studiesPerSplit: Record<string, number> = { train: 0, val: 0, test: 0 };
    for (const m of members) {
      const seed = seeds[studies.findIndex((s) => s.studyId === m.studyId)]!;
      const split = m.split.toLowerCase();
      studiesPerSplit[split]! += 1;
      for (const l of generateStudy({ seed, variant: "standard" }).truth.levels) {
        const cell = ((expected[l.level] ??= {})[split] ??= {});
        cell[l.diagnosis] = (cell[l.diagnosis] ?? 0) + 1;
      }
    }
    expect(summary.studies).toEqual(studiesPerSplit);
    expect(summary.unlabelled).toBe(0);
    for (const [level, bySplit] of Object.entries(summary.levels)) {
      for (const [split, byClass] of Object.entries(bySplit)) {
        for (const [diagnosis, n] of Object.entries(byClass)) expect([level, split, diagnosis, n]).toEqual([level, split, diagnosis, expected[level]?.[split]?.[diagnosis] ?? 0]);
      }
    }
    // Kept with the frozen version: the second read comes from the column.
    expect((await db().datasetVersion.findUniqueOrThrow({ where: { id: version.id } })).splitSummary).toEqual(summary);

    const out = path.join(work, "export");
    const done = await exportDataset({ datasetVersionId: version.id, format: "classification", outDir: out, actorId: supervisor.id });
    const archive = (done.summary as { archive: { sha256: string; bytes: number; fileName: string; files: number } }).archive;
    expect(archive.fileName).toBe("dl-v1-classification.zip");
    // The same folder zips to the same bytes (fixed entry times, sorted entries).
    expect((await archiveExportFolder(out, "dl-v1-classification")).sha256).toBe(archive.sha256);

    session.user = { id: reader.id, email: reader.email, name: reader.name, role: "RADIOLOGIST" };
    const forbidden = await getArchive(new Request("http://x/"), { params: Promise.resolve({ exportId: done.id }) });
    expect(forbidden.status).toBe(403);
    session.user = { id: supervisor.id, email: supervisor.email, name: supervisor.name, role: "SUPERVISOR" };
    const missing = await getArchive(new Request("http://x/"), { params: Promise.resolve({ exportId: "nope" }) });
    expect(missing.status).toBe(404);
    const response = await getArchive(new Request("http://x/"), { params: Promise.resolve({ exportId: done.id }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="dl-v1-classification.zip"');
    const body = Buffer.from(await response.arrayBuffer());
    const sha = createHash("sha256").update(body).digest("hex");
    expect(response.headers.get("x-checksum-sha256")).toBe(sha);
    expect(response.headers.get("repr-digest")).toBe(`sha-256=:${createHash("sha256").update(body).digest("base64")}:`);
    expect(Number(response.headers.get("content-length"))).toBe(body.length);
    const entries = await unzip(body);
    expect(entries.size).toBe(archive.files);
    expect(entries.get("dl-v1-classification/classification/manifest.csv")?.toString("utf8")).toBe(readFileSync(path.join(out, "classification", "manifest.csv"), "utf8"));
    expect(JSON.parse(entries.get("dl-v1-classification/dataset.json")!.toString("utf8"))).toMatchObject({ name: "dl", version: "1" });
    // Only the successful download left the server, and the audit trail says who took it.
    const downloads = await db().auditEvent.findMany({ where: { type: "EXPORT_DOWNLOADED" } });
    expect(downloads.map((d) => [d.actorId, (d.payload as { sha256: string }).sha256])).toEqual([[supervisor.id, sha]]);

    const eligible = await getEligible(new Request("http://x/api/datasets/eligible-studies?labelSource=AI"), { params: Promise.resolve({}) });
    expect(((await eligible.json()) as { studyIds: string[] }).studyIds).toHaveLength(4);
    const bad = await getEligible(new Request("http://x/api/datasets/eligible-studies?labelSource=MAGIC"), { params: Promise.resolve({}) });
    expect(bad.status).toBe(422);
  }, 180_000);
});
