/**
 * Import benchmark (not a test): throughput (MB/s, files/s) and peak RSS of `importFiles` on a
 * folder of a few thousand uncompressed MR files, into a throw-away database and blob store
 * (blobs fsynced, as always), beside, in the same run on the same files: the floor (read +
 * dicom-parser's `parseDicom` + sha256 in one process) and Orthanc (Debian's package, started
 * privately by bench/orthanc-import.ts, when /usr/sbin/Orthanc exists). On a shared machine read
 * the ratios, not the absolute figures.
 *
 *   npx tsx bench/import.ts [--files 3000] [--concurrency 4] [--keep]
 *
 * The folder: one phantom study (`discern phantom`, in a child process so that its memory does
 * not count here) copied with fresh Study/Series/SOP Instance UIDs, rewritten in place at equal
 * length, until `--files` files exist. PostgreSQL: DATABASE_URL's server, else 127.0.0.1:5432, else
 * an embedded one (.data/pg-bench); a `discern_bench_<pid>` database is created, migrated, dropped.
 */
import "./threadpool";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseDicom } from "dicom-parser";
import pg from "pg";
import { ensureDatabase, migrateDatabase, resolveDatabaseServer } from "../lib/db/bootstrap";
import { createPrismaClient } from "../lib/db/client";
import { LocalBlobStore } from "../lib/storage";
import { importFiles } from "../lib/studies/import-files";
import { importIntoOrthanc } from "./orthanc-import";
import { rewriteUids } from "../test/integration/uid-copies";

const ROOT = path.resolve(__dirname, "..");
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".dcm")).map((e) => path.join(e.parentPath, e.name)).sort();
}

async function makeFolder(files: number): Promise<{ dir: string; bytes: number }> {
  const base = await mkdtemp(path.join(os.tmpdir(), "discern-bench-phantom-"));
  const made = spawnSync(path.join(ROOT, "bin", "discern"), ["phantom", "--out", base, "--seed", "7", "--variant", "standard"], { stdio: ["ignore", "ignore", "inherit"] });
  if (made.status !== 0) throw new Error("discern phantom failed");
  const sources = await Promise.all((await listFiles(base)).map((f) => readFile(f)));
  await rm(base, { recursive: true, force: true });
  const dir = await mkdtemp(path.join(os.tmpdir(), "discern-bench-import-"));
  let counter = 1_000_000;
  let bytes = 0;
  for (let copy = 0, written = 0; written < files; copy++) {
    const map = new Map<string, string>();
    const folder = path.join(dir, `study-${String(copy).padStart(4, "0")}`);
    await mkdir(folder);
    for (const [i, source] of sources.entries()) {
      if (written >= files) break;
      const out = rewriteUids(source, map, () => counter++);
      await writeFile(path.join(folder, `${String(i).padStart(3, "0")}.dcm`), out);
      bytes += out.length;
      written++;
    }
  }
  return { dir, bytes };
}

function vmHwmMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Samples RSS every 20 ms while `work` runs; returns its result and the peak seen. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; seconds: number; cpuSeconds: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    const used = process.cpuUsage(cpu);
    return { result, peakMb: peak / 1024 / 1024, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Wall-clock MB/s, and MB per CPU-second of this process (PostgreSQL's own CPU not included):
 * on a shared machine the second figure moves much less with other people's load.
 */
function figures(label: string, files: number, bytes: number, run: { seconds: number; cpuSeconds: number; peakMb: number }, baseline?: { mbps: number }): { mbps: number } {
  const mbps = bytes / 1e6 / run.seconds;
  const ratio = baseline ? `  (${(mbps / baseline.mbps).toFixed(2)} × floor)` : "";
  const perCpu = bytes / 1e6 / run.cpuSeconds;
  console.log(
    `${label.padEnd(28)} ${files} files  ${(bytes / 1e6).toFixed(1)} MB  ${run.seconds.toFixed(2)} s  ${mbps.toFixed(1)} MB/s  ${(files / run.seconds).toFixed(0)} files/s  ${perCpu.toFixed(0)} MB/CPU-s  peak RSS ${run.peakMb.toFixed(0)} MB${ratio}`,
  );
  return { mbps };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { files: { type: "string", default: "3000" }, concurrency: { type: "string", default: "4" }, keep: { type: "boolean" } } });
  const files = Number(values.files);
  const concurrency = Number(values.concurrency);
  console.log(`bench/import: ${files} files, concurrency ${concurrency}, ${os.cpus().length} CPUs, node ${process.version}`);

  const folder = await makeFolder(files);
  const list = await listFiles(folder.dir);
  console.log(`folder: ${folder.dir} (${(folder.bytes / 1e6).toFixed(1)} MB, ${(folder.bytes / list.length / 1024).toFixed(0)} kB per file)`);

  const resolved = await resolveDatabaseServer({ dataDir: ".data/pg-bench/data", port: 54331, log: console.log });
  const server = new URL(resolved.serverUrl);
  server.pathname = "/postgres";
  const name = `discern_bench_${process.pid}`;
  const url = await ensureDatabase(resolved.serverUrl, name, true);
  await migrateDatabase(url);
  const client = createPrismaClient(url);
  const storeRoot = await mkdtemp(path.join(os.tmpdir(), "discern-bench-store-"));
  const store = new LocalBlobStore(storeRoot);
  try {
    // Warm the page cache so both runs read from memory, as the second of two imports would.
    for (const f of list) await readFile(f);
    const bare = await withPeakRss(async () => {
      let bytes = 0;
      for (const f of list) {
        const data = await readFile(f);
        parseDicom(data);
        createHash("sha256").update(data).digest("hex");
        bytes += data.length;
      }
      return bytes;
    });
    const base = figures("floor (read+parse+sha256)", list.length, bare.result, bare);

    const first = await withPeakRss(() => importFiles({ paths: [folder.dir], source: "bench", client, store, concurrency }));
    const c = first.result.counts;
    if (c.imported !== list.length) throw new Error(`expected ${list.length} imported, got ${JSON.stringify(c)}`);
    const discern = figures("discern import (new)", c.files, first.result.bytes, first, base);

    const again = await withPeakRss(() => importFiles({ paths: [folder.dir], source: "bench", client, store, concurrency }));
    if (again.result.counts.alreadyImported !== list.length) throw new Error(`re-import: ${JSON.stringify(again.result.counts)}`);
    figures("re-import (all known)", again.result.counts.files, again.result.bytes, again, base);
    const orthanc = await importIntoOrthanc(list, concurrency);
    if (!orthanc) console.log("Orthanc not installed");
    else {
      const mbps = orthanc.bytes / 1e6 / orthanc.seconds;
      console.log(`${"Orthanc (REST, SQLite)".padEnd(28)} ${orthanc.files} files  ${(orthanc.bytes / 1e6).toFixed(1)} MB  ${orthanc.seconds.toFixed(2)} s  ${mbps.toFixed(1)} MB/s  Orthanc peak RSS ${orthanc.peakMb.toFixed(0)} MB  (${(mbps / base.mbps).toFixed(2)} × floor; discern ${(discern.mbps / mbps).toFixed(2)} × Orthanc)`);
    }
    console.log(`process peak RSS (VmHWM): ${vmHwmMb().toFixed(0)} MB; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; targets (issue 19): >= 120 MB/s with fsync, >= 2 × Orthanc, RSS < 400 MB for 10,000 files`);
  } finally {
    await client.$disconnect();
    if (!values.keep) {
      await rm(folder.dir, { recursive: true, force: true });
      await rm(storeRoot, { recursive: true, force: true });
      const admin = new pg.Client({ connectionString: server.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
    await resolved.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench/import: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
