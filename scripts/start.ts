/**
 * `npm start`: a production start. Refuses to run without DATABASE_URL and a NEXTAUTH_SECRET of
 * 32+ characters, in demo mode, or while any enabled account still has the demo password.
 * Applies pending migrations, builds the app if needed, starts it on PORT (default 3000).
 */
import { parseEnv } from "../lib/config/env";
import { migrateDatabase } from "../lib/db/bootstrap";
import { createPrismaClient } from "../lib/db/client";
import { ensureNextBuild } from "../lib/db/next-build";
import { spawnNextServer } from "../lib/db/spawn-server";
import { accountsWithDemoPassword } from "../lib/users/seed-demo-users";

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const env = parseEnv({ ...process.env, NODE_ENV: "production" });
  if (env.DISCERN_DEMO === "1") throw new Error("DISCERN_DEMO=1 is for `npm run demo`; a production start refuses it.");
  const url = env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required.");
  await migrateDatabase(url);
  const prisma = createPrismaClient(url);
  const weak = await accountsWithDemoPassword(prisma);
  await prisma.$disconnect();
  if (weak.length > 0) {
    throw new Error(`${weak.length} account(s) still use the demo password (${weak.join(", ")}); reset them before a production start.`);
  }
  await ensureNextBuild(log);
  const port = Number(process.env.PORT ?? 3000);
  const web = await spawnNextServer({ port, env: { DATABASE_URL: url, DISCERN_DEMO: "0" }, inheritOutput: true });
  log(`discern is running: ${process.env.NEXTAUTH_URL ?? web.url}`);
  process.on("exit", () => web.stop());
  process.on("SIGINT", () => process.exit(0));
  process.on("SIGTERM", () => process.exit(0));
  web.child.on("exit", (code) => process.exit(code ?? 1));
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
