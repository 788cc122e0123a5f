/**
 * PACS retrieve benchmark (not a test): `pullStudy` from a private Orthanc (Debian's package,
 * test/integration/orthanc.ts) into a throw-away database and blob store, beside, in the same run
 * on the same instances, the floor: the same per-instance WADO-RS requests through the same client
 * without importing anything. Then a second pull (nothing to fetch). On a shared machine read the
 * ratio, not the absolute figures.
 *
 *   npx tsx bench/pacs-pull.ts [--studies 3]
 *
 * PostgreSQL: 127.0.0.1:5432 (or DATABASE_URL's server); a `discern_bench_pacs_<pid>` database is
 * created, migrated and dropped.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { ensureDatabase, migrateDatabase, resolveDatabaseServer } from "../lib/db/bootstrap";
import { orthancMissing, orthancStore, startOrthanc } from "../test/integration/orthanc";

async function dcmFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".dcm")).map((e) => path.join(e.parentPath, e.name));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { studies: { type: "string", default: "3" } } });
  const missing = orthancMissing();
  if (missing) throw new Error(`bench/pacs-pull needs Orthanc: ${missing}`);
  const resolved = await resolveDatabaseServer({ dataDir: ".data/pg-bench/data", port: 54331, log: () => undefined });
  const name = `discern_bench_pacs_${process.pid}`;
  const url = await ensureDatabase(resolved.serverUrl, name, true);
  await migrateDatabase(url);
  process.env.DATABASE_URL = url;
  process.env.DISCERN_STORAGE_ROOT = await mkdtemp(path.join(os.tmpdir(), "discern-bench-pacs-store-"));
  process.env.NEXTAUTH_SECRET ??= "bench-pacs-secret-0123456789abcdefghijklmnopqrstu";
  const { db } = await import("../lib/db/client");
  const { savePacsNode, loadPacsNode } = await import("../lib/pacs/pacs-nodes");
  const { nodeClient, jsonValue } = await import("../lib/pacs/dicomweb");
  const { pullStudy } = await import("../lib/pacs/pull-study");
  const { writeStudy } = await import("../lib/phantom/write-study");
  const orthanc = await startOrthanc();
  const tmp = await mkdtemp(path.join(os.tmpdir(), "discern-bench-pacs-"));
  try {
    const uids: string[] = [];
    for (let seed = 1; seed <= Number(values.studies); seed++) {
      const written = await writeStudy(tmp, { seed: 500 + seed, variant: "standard" });
      for (const f of await dcmFiles(written.dir)) await orthancStore(orthanc, await readFile(f));
      uids.push(written.study.truth.studyInstanceUid);
    }
    await savePacsNode({ name: "bench", baseUrl: orthanc.dicomweb }, { actorId: null, via: "cli" });
    const node = await loadPacsNode("bench");
    console.log(`bench/pacs-pull: ${uids.length} phantom studies in Orthanc, ${os.cpus().length} CPUs, node ${process.version}`);

    // Floor: the same QIDO listing and per-instance WADO-RS requests, nothing imported.
    const { client, request } = nodeClient(node);
    let floorBytes = 0;
    let floorInstances = 0;
    const floorStart = performance.now();
    for (const study of uids) {
      for (const s of await client.searchForSeries({ studyInstanceUID: study, request: request() })) {
        const series = jsonValue(s, "0020000E");
        for (const i of await client.searchForInstances({ studyInstanceUID: study, seriesInstanceUID: series, request: request() })) {
          const bytes = await client.retrieveInstance({ studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: jsonValue(i, "00080018"), request: request() });
          floorBytes += bytes.byteLength;
          floorInstances += 1;
        }
      }
    }
    const floorS = (performance.now() - floorStart) / 1000;
    console.log(`floor (QIDO + WADO-RS per instance, no import)  ${floorInstances} instances  ${(floorBytes / 1e6).toFixed(1)} MB  ${floorS.toFixed(2)} s  ${(floorInstances / floorS).toFixed(1)} inst/s  ${(floorBytes / 1e6 / floorS).toFixed(1)} MB/s`);

    let instances = 0;
    let bytes = 0;
    const start = performance.now();
    for (const study of uids) {
      const r = await pullStudy({ node: "bench", studyInstanceUid: study }, { actorId: null, via: "cli" });
      if (r.failed > 0 || r.problems.length > 0) throw new Error(`pull problems: ${JSON.stringify(r.problems)}`);
      instances += r.imported;
      bytes += r.bytes;
    }
    const pullS = (performance.now() - start) / 1000;
    console.log(`discern pull (new, into the import)             ${instances} instances  ${(bytes / 1e6).toFixed(1)} MB  ${pullS.toFixed(2)} s  ${(instances / pullS).toFixed(1)} inst/s  ${(bytes / 1e6 / pullS).toFixed(1)} MB/s  (${(floorS / pullS).toFixed(2)} × floor)`);

    const againStart = performance.now();
    for (const study of uids) {
      const r = await pullStudy({ node: "bench", studyInstanceUid: study }, { actorId: null, via: "cli" });
      if (r.retrieved !== 0) throw new Error("a second pull fetched instances");
    }
    console.log(`second pull (all known, QIDO only)              ${((performance.now() - againStart) / 1000).toFixed(2)} s for ${uids.length} studies; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    await db().$disconnect();
  } finally {
    await orthanc.stop();
    await rm(tmp, { recursive: true, force: true });
    await rm(process.env.DISCERN_STORAGE_ROOT!, { recursive: true, force: true });
    const server = new URL(resolved.serverUrl);
    server.pathname = "/postgres";
    const admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await resolved.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
