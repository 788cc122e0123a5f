import type { Role } from "@prisma/client";
import { db } from "../../lib/db/client";
import { hashPassword } from "../../lib/auth/password";

/**
 * Empties every table of the test database (keeps the schema and the migration history), and the
 * pg-boss queue's jobs: a job another test file queued names rows that are gone, and a worker in a
 * later file would take it first.
 */
export async function resetDatabase(): Promise<void> {
  const [boss] = await db().$queryRaw<Array<{ present: boolean }>>`SELECT to_regclass('pgboss.job') IS NOT NULL AS present`;
  if (boss?.present) await db().$executeRawUnsafe(`DELETE FROM pgboss.job`);
  const tables = await db().$queryRaw<Array<{ tablename: string }>>`
    SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map((t) => `"public"."${t.tablename}"`).join(", ");
  await db().$executeRawUnsafe(`TRUNCATE ${list} CASCADE`);
}

let counter = 0;

export async function makeUser(role: Role, password = "correct-horse-battery") {
  counter += 1;
  return db().user.create({
    data: { email: `${role.toLowerCase()}${counter}-${Date.now()}@test.local`, name: `${role} ${counter}`, role, passwordHash: await hashPassword(password) },
  });
}
