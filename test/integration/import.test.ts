import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { LocalBlobStore } from "../../lib/storage";
import { importFiles } from "../../lib/studies/import-files";
import type { TFileOutcome } from "../../lib/studies/import-types";
import { resetDatabase } from "./helpers";
import { makeZip } from "./zip-writer";

const FIXTURES = path.resolve(__dirname, "../fixtures/dicom");
const GOOD = ["generated/script-tag.dcm", "fodicom/GH1339.dcm", "cswil/CTImage.dcm"];
const BAD: Record<string, RegExp> = {
  "generated/truncated-header.dcm": /truncated/,
  "generated/notes.txt": /not DICOM/,
  "generated/size-mismatch.dcm": /pixel data holds 8192 bytes/,
  "cswil/no-pixel-data.dcm": /not an image/,
};

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), "discern-import-test-"));
}

/** A folder tree: good files at the top and in a subfolder, bad ones beside them. */
async function makeFolder(): Promise<string> {
  const dir = await tempDir();
  await mkdir(path.join(dir, "nested", "deeper"), { recursive: true });
  for (const [i, rel] of [...GOOD, ...Object.keys(BAD)].entries()) {
    const where = i % 2 === 0 ? dir : path.join(dir, "nested", "deeper");
    await copyFile(path.join(FIXTURES, rel), path.join(where, rel.replace("/", "__")));
  }
  return dir;
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

async function rowCounts() {
  return {
    patients: await db().patient.count(),
    studies: await db().study.count(),
    series: await db().series.count(),
    instances: await db().instance.count(),
  };
}

function byName(files: TFileOutcome[], rel: string): TFileOutcome {
  const name = rel.replace("/", "__");
  const found = files.find((f) => f.path.endsWith(name));
  if (!found) throw new Error(`no outcome for ${name}`);
  return found;
}

describe("[IMPORT] importFiles", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("imports every good file of a folder and reports each bad one with its reason; re-import changes nothing", async () => {
    const folder = await makeFolder();
    const store = new LocalBlobStore(await tempDir());
    const progress: number[] = [];
    const first = await importFiles({ paths: [folder], source: "test", store, onProgress: (p) => progress.push(p.filesDone) });

    expect(first.counts).toEqual({ files: 7, imported: 3, alreadyImported: 0, skipped: 4 });
    for (const rel of GOOD) expect(byName(first.files, rel).status).toBe("imported");
    for (const [rel, reason] of Object.entries(BAD)) {
      const outcome = byName(first.files, rel);
      expect(outcome.status).toBe("skipped");
      if (outcome.status !== "skipped") continue;
      expect(outcome.reason).toMatch(reason);
      expect(outcome.reason).toMatch(/^[A-Z].*\.$/);
    }
    expect(progress.at(-1)).toBe(7);
    expect(await countFiles(store.root)).toBe(3);
    const instances = await db().instance.findMany({ select: { sha256: true, byteSize: true } });
    for (const i of instances) expect(await store.size(i.sha256)).toBe(i.byteSize);
    expect(await db().auditEvent.count({ where: { type: "STUDY_IMPORTED" } })).toBe(3);

    // The lumbar slice: plane, weighting and geometry indexed from the header.
    const lumbar = await db().instance.findFirstOrThrow({ where: { rows: 320 }, include: { series: true } });
    expect(lumbar.series).toMatchObject({ plane: "AXIAL", weighting: "T2" });
    expect(lumbar.imagePositionPatient).toHaveLength(3);
    expect(lumbar.imageOrientationPatient).toHaveLength(6);
    expect(lumbar.pixelSpacing).toHaveLength(2);

    const before = await rowCounts();
    const hooked: string[] = [];
    const again = await importFiles({ paths: [folder], source: "test", store, afterStudyImported: async (s) => void hooked.push(s.studyId) });
    expect(again.counts).toEqual({ files: 7, imported: 0, alreadyImported: 3, skipped: 4 });
    expect(await rowCounts()).toEqual(before);
    expect(await countFiles(store.root)).toBe(3);
    expect(hooked).toEqual([]);
  });

  it("keeps the script-tag series description verbatim", async () => {
    const store = new LocalBlobStore(await tempDir());
    const summary = await importFiles({ paths: [path.join(FIXTURES, "generated/script-tag.dcm")], source: "test", store });
    expect(summary.files[0]).toMatchObject({ status: "imported", seriesDescription: '<script>alert("discern")</script>' });
    const series = await db().series.findFirstOrThrow();
    expect(series.description).toBe('<script>alert("discern")</script>');
  });

  it("imports a zip entry by entry, refuses unsafe names and nested zips, and calls the hook once per new study", async () => {
    const dir = await tempDir();
    const zipPath = path.join(dir, "upload.zip");
    const read = (rel: string) => readFile(path.join(FIXTURES, rel));
    await writeFile(
      zipPath,
      makeZip([
        { name: "study/a/GH1339.dcm", data: await read("fodicom/GH1339.dcm") },
        { name: "study/b/CTImage.dcm", data: await read("cswil/CTImage.dcm") },
        { name: "study/notes.txt", data: await read("generated/notes.txt") },
        { name: "../escape.dcm", data: await read("generated/script-tag.dcm") },
        { name: "inner.zip", data: makeZip([]) },
      ]),
    );
    const store = new LocalBlobStore(await tempDir());
    const hooked: string[] = [];
    const summary = await importFiles({ paths: [zipPath], source: "test", store, afterStudyImported: async (s) => void hooked.push(s.studyInstanceUid) });
    const status = Object.fromEntries(summary.files.map((f) => [f.path.slice(zipPath.length + 1), f.status === "skipped" ? f.reason : f.status]));
    expect(status["study/a/GH1339.dcm"]).toBe("imported");
    expect(status["study/b/CTImage.dcm"]).toBe("imported");
    expect(status["study/notes.txt"]).toMatch(/not DICOM/);
    expect(status["../escape.dcm"]).toMatch(/climbs out of the archive/);
    expect(status["inner.zip"]).toMatch(/zip inside a zip/);
    expect(hooked).toHaveLength(2);
    expect(await db().instance.count()).toBe(2);
    expect(await countFiles(store.root)).toBe(2);
  });

  it("refuses a file whose SOP Instance UID is already imported with other bytes", async () => {
    const store = new LocalBlobStore(await tempDir());
    await importFiles({ paths: [path.join(FIXTURES, "pydicom/MR_small.dcm")], source: "test", store });
    const twin = await importFiles({ paths: [path.join(FIXTURES, "pydicom/MR_small_RLE.dcm")], source: "test", store });
    expect(twin.files[0]).toMatchObject({ status: "skipped", reason: expect.stringMatching(/same SOP Instance UID but different content/) });
    expect(await countFiles(store.root)).toBe(1);
  });
});
