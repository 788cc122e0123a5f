/**
 * Prisma CLI configuration. Prisma 6.19 with its WebAssembly schema engine (`engine: "js"`) and
 * the pg driver adapter migrates fully offline; the classic engine downloads a binary from a host
 * this network cannot reach. Three upstream bugs need the workarounds collected in this one file;
 * each names its upstream issue so it can go when upstream fixes it.
 *
 * New migrations: `npm run db:new-migration -- <name>` (scripts/new-migration.ts) diffs the
 * migrations folder against the schema through the shadow database. `prisma migrate deploy`,
 * `status`, `diff` and `generate` run as they are; `migrate dev` creates a correct migration too
 * but then prints "null pointer passed to rust" from the wasm engine on close (harmless, upstream).
 */
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { Client } from "pg";

// Workaround 3 — the wasm schema engine leaves 10 s / 60 s timers armed after its work is done,
// so `prisma migrate …` lingers for a minute before exiting. Long timers created in the CLI
// process are unref'd: they still fire if the process is alive, but no longer keep it alive.
// (prisma/prisma: "CLI hangs after migrate with driver adapters / engine js")
const LONG_TIMER_MS = 5_000;
const originalSetTimeout = globalThis.setTimeout;
const originalSetInterval = globalThis.setInterval;
globalThis.setTimeout = ((handler: Parameters<typeof setTimeout>[0], ms?: number, ...args: unknown[]) => {
  const timer = originalSetTimeout(handler, ms, ...args);
  if ((ms ?? 0) >= LONG_TIMER_MS) (timer as unknown as NodeJS.Timeout).unref?.();
  return timer;
}) as typeof setTimeout;
globalThis.setInterval = ((handler: Parameters<typeof setInterval>[0], ms?: number, ...args: unknown[]) => {
  const timer = originalSetInterval(handler, ms, ...args);
  if ((ms ?? 0) >= LONG_TIMER_MS) (timer as unknown as NodeJS.Timeout).unref?.();
  return timer;
}) as typeof setInterval;

const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/discern";
// The schema's `url = env("DATABASE_URL")` must resolve even where no database is meant (the
// `prisma generate` of `npm ci`): when it cannot, the CLI falls back to the library query engine
// and tries to download it. The default is the local server the demo and tests use.
process.env.DATABASE_URL ??= DEFAULT_URL;
const url = new URL(process.env.DATABASE_URL);

// Workaround 2 — PrismaPg.connectToShadowDb spreads its config and sets `database`, but a
// `connectionString` in that config wins over `database`, so the shadow database would be the
// main one. The adapter is therefore given discrete host/port/user/password/database fields.
// It also drops the shadow database before closing its pool, which Postgres refuses while the
// pool's connections are open; we drop it again `WITH (FORCE)` after the adapter is closed.
// (prisma/prisma#27403 family; adapter-pg connectToShadowDb)
const pgConfig = {
  host: url.hostname,
  port: Number(url.port || 5432),
  user: decodeURIComponent(url.username || "postgres"),
  password: url.password ? decodeURIComponent(url.password) : undefined,
  database: decodeURIComponent(url.pathname.replace(/^\//, "") || "postgres"),
  // Idle pooled connections must not keep the CLI alive either (see workaround 3).
  allowExitOnIdle: true,
};

// Workaround 1 — shadow-database introspection reads catalog columns of Postgres types `name`
// (oid 19) and `char` (oid 18), which the adapter's type mapping rejects as unsupported native
// types (prisma/orm#27403). Results are reported to the engine as text, which they are.
const PG_NAME_OID = 19;
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface PerformIOResult {
  fields?: Array<{ dataTypeID: number }>;
}
interface WithPerformIO {
  performIO: (query: unknown) => Promise<PerformIOResult>;
}

function mapCatalogTypesToText<T extends object>(adapter: T): T {
  // performIO is private in the adapter's types; this is the one place that reaches into it.
  const target = adapter as unknown as WithPerformIO;
  const performIO = target.performIO.bind(adapter);
  target.performIO = async (query) => {
    const result = await performIO(query);
    // A multi-statement script returns one result per statement, without `fields`.
    for (const field of result.fields ?? []) {
      if (field.dataTypeID === PG_NAME_OID || field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  return adapter;
}

async function forceDropDatabase(name: string): Promise<void> {
  const client = new Client({ ...pgConfig, database: "postgres" });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

class MigrationAdapterFactory extends PrismaPg {
  override async connect() {
    return mapCatalogTypesToText(await super.connect());
  }

  override async connectToShadowDb() {
    const adapter = mapCatalogTypesToText(await super.connectToShadowDb());
    const pool = adapter.underlyingDriver();
    const shadowName = pool.options.database;
    // The force-drop below terminates the pool's connections; the pool is closed first and any
    // late termination notice is ignored rather than crashing the CLI.
    pool.on("error", () => undefined);
    adapter.dispose = async () => {
      await pool.end().catch(() => undefined);
      if (shadowName) await forceDropDatabase(shadowName);
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  engine: "js",
  adapter: async () => new MigrationAdapterFactory(pgConfig),
});
