import { Prisma } from "@prisma/client";
import { db } from "../db/client";
import type { ThrottlePolicy } from "./throttle-policy";

export interface ThrottleRefusal {
  key: string;
  retryAfterSeconds: number;
}

/** The throttle keys of one attempt: the account always, the client address when known. */
export function throttleKeys(email: string, ip: string | undefined): string[] {
  return ip ? [`email:${email}`, `ip:${ip}`] : [`email:${email}`];
}

/**
 * lib/auth/throttle-policy.ts's `reserveAttempt` as one SQL UPDATE over the old row `t`
 * (PostgreSQL evaluates every SET expression against the old values). The row lock is held for
 * this statement only, never across round trips, so parallel logins queue on it for microseconds
 * and no pooled connection waits on another's transaction. `n` is the database's clock in UTC
 * (the columns are UTC timestamps without time zone). Tested against reserveAttempt.
 */
export function reserveSql(key: string, policy: ThrottlePolicy): Prisma.Sql {
  const n = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
  const window = policy.windowSeconds;
  const locked = Prisma.sql`(t."lockedUntil" IS NOT NULL AND t."lockedUntil" > ${n})`;
  const lockExpired = Prisma.sql`(t."lockedUntil" IS NOT NULL AND t."lockedUntil" <= ${n})`;
  const windowOver = Prisma.sql`(${n} - t."windowStart" >= make_interval(secs => ${window}))`;
  const fresh = Prisma.sql`(${lockExpired} OR ${windowOver})`;
  const attempts = Prisma.sql`(CASE WHEN ${fresh} THEN 1 ELSE t."attempts" + 1 END)`;
  const strikes = Prisma.sql`(CASE WHEN ${windowOver} AND NOT ${lockExpired} THEN 0 ELSE t."strikes" END)`;
  const over = Prisma.sql`(${attempts} > ${policy.maxAttempts})`;
  const lockSeconds = Prisma.sql`LEAST(${window}::float8 * power(2, ${strikes}), ${policy.maxLockSeconds ?? 86_400}::float8)`;
  return Prisma.sql`
    UPDATE "LoginThrottle" AS t SET
      "attempts" = CASE WHEN ${locked} THEN t."attempts" WHEN ${over} THEN 0 ELSE ${attempts} END,
      "windowStart" = CASE WHEN ${locked} THEN t."windowStart" WHEN ${over} OR ${fresh} THEN ${n} ELSE t."windowStart" END,
      "lockedUntil" = CASE WHEN ${locked} THEN t."lockedUntil" WHEN ${over} THEN ${n} + make_interval(secs => ${lockSeconds}) ELSE NULL END,
      "strikes" = CASE WHEN ${locked} THEN t."strikes" WHEN ${over} THEN ${strikes} + 1 ELSE ${strikes} END
    WHERE t."key" = ${key}
    RETURNING (t."lockedUntil" IS NULL) AS "allowed",
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM (t."lockedUntil" - ${n}))))::int AS "retryAfterSeconds"`;
}

/**
 * Reserves one attempt on every key, each atomically in one statement (reserveSql): a missing row
 * is created first with a window long over, then decided under the row lock by the database.
 * Parallel logins for one account queue on its row, so when 40 arrive at once exactly
 * `maxAttempts` of them are allowed to compare a password. Every key is charged even when one
 * refuses, so an address cannot probe accounts for free. Returns the first refusal, or null.
 */
export async function reserveLoginAttempt(keys: Array<{ key: string; policy: ThrottlePolicy }>): Promise<ThrottleRefusal | null> {
  let refusal: ThrottleRefusal | null = null;
  for (const { key, policy } of [...keys].sort((a, b) => a.key.localeCompare(b.key))) {
    await db().$executeRaw`INSERT INTO "LoginThrottle" ("key", "windowStart") VALUES (${key}, '1970-01-01'::timestamp) ON CONFLICT ("key") DO NOTHING`;
    const rows = await db().$queryRaw<Array<{ allowed: boolean; retryAfterSeconds: number | null }>>(reserveSql(key, policy));
    const row = rows[0];
    if (!row) throw new Error("login throttle row vanished between its insert and its update");
    if (!row.allowed && !refusal) refusal = { key, retryAfterSeconds: row.retryAfterSeconds ?? 1 };
  }
  return refusal;
}

/**
 * After a successful login: the account's counter starts over (its failures were the owner's
 * typos), and the address gets its slot back so that a ward's shared workstation is not locked
 * out by its colleagues' successful logins.
 */
export async function settleSuccessfulLogin(email: string, ip: string | undefined): Promise<void> {
  await db().$executeRaw`UPDATE "LoginThrottle" SET "attempts" = 0, "strikes" = 0, "lockedUntil" = NULL WHERE "key" = ${`email:${email}`}`;
  if (ip) await db().$executeRaw`UPDATE "LoginThrottle" SET "attempts" = GREATEST("attempts" - 1, 0) WHERE "key" = ${`ip:${ip}`}`;
}
