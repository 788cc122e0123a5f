import { ensureDatabase, migrateDatabase, resolveDatabaseServer } from "../../lib/db/bootstrap";

/**
 * Integration tests run against a real PostgreSQL in a database of their own (`discern_test`,
 * created fresh and migrated here), never the demo database. `npm test` passes
 * TEST_DATABASE_URL after doing the same; a bare `vitest run --project integration` does it here.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.TEST_DATABASE_URL) return;
  const server = await resolveDatabaseServer({ dataDir: ".data/pg-test/data", port: 54330, log: (l) => console.log(l) });
  const url = await ensureDatabase(server.serverUrl, "discern_test", true);
  await migrateDatabase(url);
  process.env.TEST_DATABASE_URL = url;
  return async () => {
    await server.stop();
  };
}
