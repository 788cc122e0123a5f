import { db } from "../db/client";
import { reserveAttempt, type ThrottlePolicy, type ThrottleState } from "./throttle-policy";

export interface ThrottleRefusal {
  key: string;
  retryAfterSeconds: number;
}

/** The throttle keys of one attempt: the account always, the client address when known. */
export function throttleKeys(email: string, ip: string | undefined): string[] {
  return ip ? [`email:${email}`, `ip:${ip}`] : [`email:${email}`];
}

/**
 * Reserves one attempt on every key, atomically: in one transaction each key's row is created if
 * missing, locked (SELECT … FOR UPDATE) and decided by `reserveAttempt` with the database's clock.
 * Parallel logins for the same account queue on the row lock, so when 40 arrive at once only
 * `maxAttempts` of them are allowed to compare a password. Keys are locked in sorted order (no
 * deadlock between an account key and an address key). Returns the first refusal, or null.
 * Every key is charged even when one refuses, so an address cannot probe accounts for free.
 */
export async function reserveLoginAttempt(keys: Array<{ key: string; policy: ThrottlePolicy }>): Promise<ThrottleRefusal | null> {
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key));
  return db().$transaction(async (tx) => {
    let refusal: ThrottleRefusal | null = null;
    for (const { key, policy } of sorted) {
      // A new row starts with a window long over (epoch), so its first attempt opens a fresh one.
      await tx.$executeRaw`INSERT INTO "LoginThrottle" ("key", "windowStart") VALUES (${key}, ${new Date(0)}) ON CONFLICT ("key") DO NOTHING`;
      const rows = await tx.$queryRaw<Array<ThrottleState & { now: Date }>>`
        SELECT "attempts", "windowStart", "lockedUntil", "strikes", now() AS "now"
        FROM "LoginThrottle" WHERE "key" = ${key} FOR UPDATE`;
      const row = rows[0];
      if (!row) throw new Error("login throttle row vanished inside its transaction");
      const decision = reserveAttempt(row, policy, row.now);
      const next = decision.next;
      await tx.$executeRaw`
        UPDATE "LoginThrottle" SET "attempts" = ${next.attempts}, "windowStart" = ${next.windowStart},
          "lockedUntil" = ${next.lockedUntil}, "strikes" = ${next.strikes} WHERE "key" = ${key}`;
      if (!decision.allowed && !refusal) refusal = { key, retryAfterSeconds: decision.retryAfterSeconds };
    }
    return refusal;
  });
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
