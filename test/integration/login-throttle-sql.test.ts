import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reserveSql } from "../../lib/auth/login-throttle";
import { reserveAttempt, type ThrottleState } from "../../lib/auth/throttle-policy";
import { db } from "../../lib/db/client";
import { resetDatabase } from "./helpers";

const policy = { maxAttempts: 5, windowSeconds: 900, maxLockSeconds: 86_400 };

/** Epoch milliseconds of a UTC timestamp column (avoids any driver time-zone guessing). */
const ms = (column: string) => `(EXTRACT(EPOCH FROM ${column}) * 1000)::float8`;

/**
 * The SQL of the throttle (one UPDATE, for atomicity) must decide exactly as the pure policy
 * (the readable specification): random rows, relative to the database's clock, are run through
 * both and compared field by field.
 */
describe("[AUTH] the throttle's SQL decides as throttle-policy.ts (issue 18)", () => {
  beforeAll(resetDatabase);
  afterAll(() => db().$disconnect());

  it("agrees on 150 random states", async () => {
    const state = fc.record({
      attempts: fc.integer({ min: 0, max: 7 }),
      windowAgeS: fc.integer({ min: 0, max: 2000 }),
      lock: fc.option(fc.integer({ min: -2000, max: 2000 }).filter((s) => Math.abs(s) > 2), { nil: null }),
      strikes: fc.integer({ min: 0, max: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(state, async (s) => {
        const key = `test:${Math.random()}`;
        const result = await db().$transaction(async (tx) => {
          // now() is fixed inside a transaction: both sides see one clock.
          await tx.$executeRawUnsafe(
            `INSERT INTO "LoginThrottle" ("key", "attempts", "windowStart", "lockedUntil", "strikes")
             VALUES ($1, $2, (now() AT TIME ZONE 'UTC') - make_interval(secs => $3), CASE WHEN $4::float8 IS NULL THEN NULL ELSE (now() AT TIME ZONE 'UTC') + make_interval(secs => $4::float8) END, $5)`,
            key, s.attempts, s.windowAgeS, s.lock, s.strikes,
          );
          const [before] = await tx.$queryRawUnsafe<Array<{ now: number; windowStart: number; lockedUntil: number | null }>>(
            `SELECT ${ms("(now() AT TIME ZONE 'UTC')")} AS "now", ${ms('"windowStart"')} AS "windowStart", ${ms('"lockedUntil"')} AS "lockedUntil" FROM "LoginThrottle" WHERE "key" = $1`,
            key,
          );
          const [decided] = await tx.$queryRaw<Array<{ allowed: boolean; retryAfterSeconds: number }>>(reserveSql(key, policy));
          const [after] = await tx.$queryRawUnsafe<Array<{ attempts: number; windowStart: number; lockedUntil: number | null; strikes: number }>>(
            `SELECT "attempts", ${ms('"windowStart"')} AS "windowStart", ${ms('"lockedUntil"')} AS "lockedUntil", "strikes" FROM "LoginThrottle" WHERE "key" = $1`,
            key,
          );
          return { before: before!, decided: decided!, after: after! };
        });
        const now = new Date(result.before.now);
        const expected = reserveAttempt(
          { attempts: s.attempts, windowStart: new Date(result.before.windowStart), lockedUntil: result.before.lockedUntil === null ? null : new Date(result.before.lockedUntil), strikes: s.strikes },
          policy,
          now,
        );
        const next: ThrottleState = expected.next;
        expect(result.decided.allowed).toBe(expected.allowed);
        if (!expected.allowed) expect(Math.abs(result.decided.retryAfterSeconds - expected.retryAfterSeconds)).toBeLessThanOrEqual(1);
        expect(result.after.attempts).toBe(next.attempts);
        expect(result.after.strikes).toBe(next.strikes);
        // Columns keep milliseconds; the clock has microseconds.
        expect(Math.abs(result.after.windowStart - next.windowStart.getTime())).toBeLessThan(2);
        if (next.lockedUntil === null) expect(result.after.lockedUntil).toBeNull();
        else expect(Math.abs(result.after.lockedUntil! - next.lockedUntil.getTime())).toBeLessThan(2);
      }),
      { numRuns: 150 },
    );
  });
});
