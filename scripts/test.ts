/**
 * `npm test`: the whole suite, then one closing line with the counts.
 *   1. types: tsc --noEmit over the project
 *   2. unit + integration (vitest) against a fresh `discern_test` database
 *   3. end-to-end (Playwright in Debian's Chromium) through `next start` on a fresh, seeded
 *      `discern_e2e` database in demo mode
 * PostgreSQL: DATABASE_URL's server, else 127.0.0.1:5432, else an embedded one (.data/pg-test).
 * DISCERN_TEST_SKIP_E2E=1 skips step 3 (it is said so in the summary). DISCERN_TEST_DB_SUFFIX and
 * DISCERN_E2E_PORT let two checkouts run their suites side by side on one server.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureDatabase, migrateDatabase, resolveDatabaseServer } from "../lib/db/bootstrap";
import { ensureNextBuild } from "../lib/db/next-build";
import { spawnNextServer } from "../lib/db/spawn-server";
import { failures, playwrightCounts, vitestCounts, type Counts } from "./test-report";

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "test-results");
const log = (line: string) => process.stdout.write(`${line}\n`);

function run(command: string, args: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const SUFFIX = (process.env.DISCERN_TEST_DB_SUFFIX ?? "").replace(/[^a-z0-9_]/g, "");
const E2E_PORT = Number(process.env.DISCERN_E2E_PORT ?? 3100);

async function main() {
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const add = (c: Counts) => {
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  };

  log("== types (tsc --noEmit)");
  const tscCode = await run(bin("tsc"), ["--noEmit", "-p", "."], {});
  add(tscCode === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 });
  if (tscCode !== 0) failures.push("types: tsc --noEmit reported errors (above)");

  const server = await resolveDatabaseServer({ dataDir: ".data/pg-test/data", port: 54330, log });
  try {
    log(`== unit and integration (vitest; PostgreSQL ${server.source})`);
    const testUrl = await ensureDatabase(server.serverUrl, `discern_test${SUFFIX}`, true);
    await migrateDatabase(testUrl);
    const vitestJson = path.join(RESULTS, "vitest.json");
    await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`], {
      TEST_DATABASE_URL: testUrl,
    });
    add(vitestCounts(vitestJson));

    if (process.env.DISCERN_TEST_SKIP_E2E === "1") {
      log("== end-to-end: skipped (DISCERN_TEST_SKIP_E2E=1)");
    } else {
      log("== end-to-end (Playwright, Debian Chromium, next start)");
      const e2eUrl = await ensureDatabase(server.serverUrl, `discern_e2e${SUFFIX}`, true);
      await migrateDatabase(e2eUrl);
      const env = { DATABASE_URL: e2eUrl, DISCERN_DEMO: "1", NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e", NEXTAUTH_URL: `http://127.0.0.1:${E2E_PORT}` };
      await run(bin("tsx"), ["scripts/seed-e2e.ts"], env);
      await ensureNextBuild(log);
      const web = await spawnNextServer({ port: E2E_PORT, env });
      try {
        await run(bin("playwright"), ["test"], { ...env, E2E_BASE_URL: web.url });
      } finally {
        web.stop();
      }
      add(playwrightCounts(path.join(RESULTS, "playwright.json")));
    }
  } finally {
    await server.stop().catch(() => undefined);
  }

  log("");
  if (failures.length > 0) {
    log("failed:");
    for (const f of failures) log(`  ✗ ${f}`);
  }
  log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm test: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
