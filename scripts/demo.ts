/**
 * `npm run demo`: one command from a fresh clone to a running discern with demo data.
 * PostgreSQL: DATABASE_URL when set, else one answering at 127.0.0.1:5432, else an embedded one
 * under .data/pg. Applies migrations, seeds the demo logins and demo studies (a second run
 * reuses them), builds the web app when needed, starts it and the pipeline worker.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureDatabase, migrateDatabase, resolveDatabaseServer } from "../lib/db/bootstrap";
import { ensureNextBuild } from "../lib/db/next-build";
import { spawnNextServer } from "../lib/db/spawn-server";
import { DEMO_PASSWORD } from "../lib/auth/password";
import { DEMO_USERS } from "../lib/users/seed-demo-users";
import { seedDemo } from "../lib/demo/seed-demo";
import { startWorkerProcess } from "../lib/jobs/start-worker";

const ROOT = path.resolve(__dirname, "..");
const log = (line: string) => process.stdout.write(`${line}\n`);

function demoSecret(): string {
  const file = path.join(ROOT, ".data", "demo-secret");
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function main() {
  const server = await resolveDatabaseServer({ dataDir: ".data/pg/data", port: 54329, log });
  const dbName = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL).pathname.slice(1) || "discern" : "discern";
  const url = await ensureDatabase(server.serverUrl, dbName);
  log(`PostgreSQL: ${server.source === "embedded" ? "embedded (.data/pg)" : server.serverUrl.host}, database ${dbName}`);
  await migrateDatabase(url);
  process.env.DATABASE_URL = url;
  process.env.DISCERN_DEMO = "1";
  await seedDemo({ log });
  await ensureNextBuild(log);

  const port = Number(process.env.PORT ?? 3000);
  const env = {
    DATABASE_URL: url,
    DISCERN_DEMO: "1",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? demoSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  };
  const web = await spawnNextServer({ port, env, inheritOutput: true });
  const worker = startWorkerProcess(env);

  log("");
  log(`discern is running: http://localhost:${port}`);
  log(`Logins (demo mode only), password "${DEMO_PASSWORD}":`);
  for (const user of DEMO_USERS) log(`  ${user.role.toLowerCase().padEnd(12)} ${user.email}`);
  log("Press Ctrl+C to stop.");

  const shutdown = async () => {
    web.stop();
    worker?.stop();
    await server.stop().catch(() => undefined);
    process.exit(0);
  };
  // Whatever ends this process, the web server's process group goes with it.
  process.on("exit", () => {
    web.stop();
    worker?.stop();
  });
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  web.child.on("exit", () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
