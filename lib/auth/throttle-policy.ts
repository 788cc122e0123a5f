/**
 * The login throttle's arithmetic, pure so that it is tested without a database. One state per
 * key (an account or a client address); `reserve` is called under a row lock before a password
 * is compared, so the number of comparisons in one window can never exceed `maxAttempts`.
 *
 * Policy (OWASP Authentication Cheat Sheet, "Account lockout" and "Login throttling"): at most
 * `maxAttempts` unsuccessful attempts per window; the attempt after that locks the key for
 * `windowSeconds × 2^strikes` (capped at `maxLockSeconds`), so each lockout in a row doubles.
 */
export interface ThrottleState {
  attempts: number;
  windowStart: Date;
  lockedUntil: Date | null;
  strikes: number;
}

export interface ThrottlePolicy {
  maxAttempts: number;
  windowSeconds: number;
  /** Longest lockout, however many strikes (default one day). */
  maxLockSeconds?: number;
}

export type TThrottleDecision =
  | { allowed: true; next: ThrottleState }
  | { allowed: false; next: ThrottleState; retryAfterSeconds: number };

/** Decides one attempt and returns the state to store; `now` is the database's clock. */
export function reserveAttempt(state: ThrottleState, policy: ThrottlePolicy, now: Date): TThrottleDecision {
  if (state.lockedUntil && state.lockedUntil > now) {
    return { allowed: false, next: state, retryAfterSeconds: secondsUntil(state.lockedUntil, now) };
  }
  const lockExpired = state.lockedUntil !== null && state.lockedUntil <= now;
  const windowOver = now.getTime() - state.windowStart.getTime() >= policy.windowSeconds * 1000;
  // A lock that ran out keeps its strikes (the next lockout is longer); a quiet window forgives.
  const fresh = lockExpired || windowOver;
  const attempts = fresh ? 1 : state.attempts + 1;
  const strikes = windowOver && !lockExpired ? 0 : state.strikes;
  if (attempts <= policy.maxAttempts) {
    return { allowed: true, next: { attempts, windowStart: fresh ? now : state.windowStart, lockedUntil: null, strikes } };
  }
  const lockSeconds = Math.min(policy.windowSeconds * 2 ** strikes, policy.maxLockSeconds ?? 86_400);
  const lockedUntil = new Date(now.getTime() + lockSeconds * 1000);
  return {
    allowed: false,
    next: { attempts: 0, windowStart: now, lockedUntil, strikes: strikes + 1 },
    retryAfterSeconds: lockSeconds,
  };
}

function secondsUntil(when: Date, now: Date): number {
  return Math.max(1, Math.ceil((when.getTime() - now.getTime()) / 1000));
}
