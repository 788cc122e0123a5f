import { describe, expect, it } from "vitest";
import { reserveAttempt, type ThrottleState } from "../../../lib/auth/throttle-policy";

const policy = { maxAttempts: 5, windowSeconds: 900 };
const t0 = new Date("2026-01-01T00:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const empty: ThrottleState = { attempts: 0, windowStart: new Date(0), lockedUntil: null, strikes: 0 };

/** Runs `n` attempts at time `when`, returning the allowed count and the state after. */
function attempts(state: ThrottleState, n: number, when: Date) {
  let allowed = 0;
  let current = state;
  let lastRetry = 0;
  for (let i = 0; i < n; i += 1) {
    const decision = reserveAttempt(current, policy, when);
    if (decision.allowed) allowed += 1;
    else lastRetry = decision.retryAfterSeconds;
    current = decision.next;
  }
  return { allowed, state: current, lastRetry };
}

describe("[AUTH] login throttle policy", () => {
  it("allows exactly maxAttempts per window, then locks for the window", () => {
    const run = attempts(empty, 40, t0);
    expect(run.allowed).toBe(5);
    expect(run.state.lockedUntil).toEqual(at(900));
    expect(run.lastRetry).toBe(900);
  });

  it("doubles the lockout each time the limit is hit again after a lock ran out", () => {
    const first = attempts(empty, 6, t0);
    expect(first.state.lockedUntil).toEqual(at(900));
    const second = attempts(first.state, 6, at(901));
    expect(second.allowed).toBe(5);
    expect(second.state.lockedUntil).toEqual(at(901 + 1800));
    const third = attempts(second.state, 6, at(901 + 1801));
    expect(third.state.lockedUntil).toEqual(at(901 + 1801 + 3600));
  });

  it("caps the lockout at one day", () => {
    const state: ThrottleState = { attempts: 5, windowStart: t0, lockedUntil: null, strikes: 10 };
    const decision = reserveAttempt(state, policy, at(1));
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.retryAfterSeconds).toBe(86_400);
  });

  it("forgives strikes after a quiet window without a lock", () => {
    const state: ThrottleState = { attempts: 3, windowStart: t0, lockedUntil: null, strikes: 2 };
    const decision = reserveAttempt(state, policy, at(1000));
    expect(decision).toMatchObject({ allowed: true, next: { attempts: 1, strikes: 0, windowStart: at(1000) } });
  });

  it("reports the seconds left while locked and does not extend the lock", () => {
    const state: ThrottleState = { attempts: 0, windowStart: t0, lockedUntil: at(600), strikes: 1 };
    const decision = reserveAttempt(state, policy, at(100));
    expect(decision).toMatchObject({ allowed: false, retryAfterSeconds: 500, next: state });
  });
});
