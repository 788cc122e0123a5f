import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseDicom } from "dicom-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { mulberry32 } from "../../lib/stats/prng";
import { writeStudy } from "../../lib/phantom/write-study";
import { resetDatabase } from "./helpers";
import { writeUidCopies } from "./uid-copies";

const ROOT = path.resolve(__dirname, "../..");
const KILLS = 6;
/** Bound on the kill attempts (a kill schedule that keeps missing ends the test as a failure). */
const MAX_ATTEMPTS = 24;
const SEED = 19;

/**
 * Runs `discern import <dir>` against the test database and `storeRoot`; with `killAfterMs`, sends
 * SIGKILL that long after the import printed its first progress line (it is then reading files).
 */
function runImport(dir: string, storeRoot: string, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(path.join(ROOT, "bin/discern"), ["import", "--json", dir], {
    env: { ...process.env, DISCERN_STORAGE_ROOT: storeRoot },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let armed = false;
  child.stderr.on("data", (chunk: Buffer) => {
    if (killAfterMs === undefined || armed || !chunk.toString().includes("import:")) return;
    armed = true;
    setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
}

/** Every Instance row's blob exists and hashes to its sha256 (the invariant a crash must keep). */
async function checkStoreAgainstRows(storeRoot: string): Promise<number> {
  const rows = await db().instance.findMany({ select: { sha256: true, byteSize: true } });
  for (const row of rows) {
    const bytes = await readFile(path.join(storeRoot, row.sha256.slice(0, 2), row.sha256.slice(2, 4), row.sha256));
    expect(bytes.length).toBe(row.byteSize);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(row.sha256);
  }
  return rows.length;
}

/** Blob files in the store (its two-level sha256 fan-out), not counting tmp/. */
async function countBlobs(storeRoot: string): Promise<number> {
  let count = 0;
  for (const top of await readdir(storeRoot).catch(() => [])) {
    if (top === "tmp") continue;
    for (const second of await readdir(path.join(storeRoot, top)).catch(() => [])) {
      count += (await readdir(path.join(storeRoot, top, second)).catch(() => [])).length;
    }
  }
  return count;
}

/** What an import leaves: instances with their bytes, series, studies and each study's queued runs. */
async function snapshot() {
  const instances = await db().instance.findMany({ select: { sopInstanceUid: true, sha256: true, series: { select: { seriesInstanceUid: true, study: { select: { studyInstanceUid: true } } } } } });
  const studies = await db().study.findMany({ select: { studyInstanceUid: true, pipelineStatus: true, _count: { select: { series: true } } } });
  const runs = await db().pipelineRun.findMany({ select: { status: true, study: { select: { studyInstanceUid: true } } } });
  return {
    instances: instances.map((i) => `${i.sopInstanceUid} ${i.sha256} ${i.series.seriesInstanceUid} ${i.series.study.studyInstanceUid}`).sort(),
    studies: studies.map((s) => `${s.studyInstanceUid} ${s.pipelineStatus} series=${s._count.series}`).sort(),
    runs: runs.map((r) => `${r.study.studyInstanceUid} ${r.status}`).sort(),
  };
}

describe("[IMPORT] an import killed at random points keeps the store and the database consistent", () => {
  let work: string;
  let folder: string;
  /** SOP Instance UID → sha256 of each file, read here with dicom-parser, not by the importer. */
  const expected = new Map<string, string>();

  beforeAll(async () => {
    await resetDatabase();
    work = await mkdtemp(path.join(os.tmpdir(), "discern-crash-"));
    const { dir } = await writeStudy(path.join(work, "source"), { seed: 5, variant: "standard" });
    folder = path.join(work, "import");
    for (const file of await writeUidCopies(dir, folder, 4)) {
      const bytes = await readFile(file);
      const sop = parseDicom(bytes, { untilTag: "x7fe00010" }).string("x00080018");
      expected.set(sop!, createHash("sha256").update(bytes).digest("hex"));
    }
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await db().$disconnect();
  });

  it(`${KILLS} SIGKILLs, then a re-import: every row has its complete blob, temp files are swept, the end state equals a clean import`, async () => {
    const random = mulberry32(SEED); // seeded, so that a failing kill schedule can be replayed
    let store = await mkdtemp(path.join(work, "store-"));
    let killed = 0;
    // Kills that caught the import mid-way (blobs written and not yet indexed, or some batches indexed).
    let interrupted = 0;
    // The fuse: a kill lands at a random point within it after the first progress line. A kill
    // that came too late (the import had finished, or had indexed every file and was only queueing
    // runs or closing its connections) says the fuse is too long for this machine: it is halved,
    // and the next attempt starts over on an empty database and store (a re-import of a complete
    // store has nothing left to interrupt). A kill that left nothing at all (no row, no blob, no
    // temp file: the import had not written yet, as on a loaded machine) says it is too short: it
    // is doubled, up to 8 s.
    let fuseMs = 900;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && (killed < KILLS || interrupted === 0); attempt++) {
      const result = await runImport(folder, store, Math.floor(random() * fuseMs));
      const rows = await checkStoreAgainstRows(store);
      const temps = (await readdir(path.join(store, "tmp")).catch(() => [])).length;
      const blobs = await countBlobs(store);
      if (result.signal === "SIGKILL") killed += 1;
      const complete = rows === expected.size && temps === 0 && blobs === rows;
      if (result.signal !== "SIGKILL" || complete) {
        fuseMs = Math.max(40, Math.floor(fuseMs / 2));
        await resetDatabase();
        store = await mkdtemp(path.join(work, "store-"));
        continue;
      }
      if (temps > 0 || blobs > rows || rows > 0) interrupted += 1;
      else if (interrupted === 0) fuseMs = Math.min(8000, fuseMs * 2);
    }
    expect(killed).toBeGreaterThanOrEqual(KILLS);
    expect(interrupted).toBeGreaterThan(0);

    const finished = await runImport(folder, store);
    expect(finished.code).toBe(0);
    expect(await checkStoreAgainstRows(store)).toBe(expected.size);
    // The last run swept what the killed ones left in tmp/ (and left nothing of its own).
    expect(await readdir(path.join(store, "tmp"))).toEqual([]);
    const afterCrashes = await snapshot();
    expect(afterCrashes.instances.map((line) => line.split(" ").slice(0, 2).join(" "))).toEqual([...expected].map(([sop, sha]) => `${sop} ${sha}`).sort());

    await resetDatabase();
    const cleanStore = await mkdtemp(path.join(work, "clean-"));
    expect((await runImport(folder, cleanStore)).code).toBe(0);
    const clean = await snapshot();
    expect(clean.runs).toHaveLength(4);
    expect(afterCrashes).toEqual(clean);
  }, 240_000);
});
