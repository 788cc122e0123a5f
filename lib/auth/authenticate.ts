import { z } from "zod";
import { env } from "../config/env";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { recordAudit } from "../audit/record-audit";
import { reserveLoginAttempt, settleSuccessfulLogin, throttleKeys } from "./login-throttle";
import { isRole, type TRole } from "./roles";
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from "./password";

export const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(200),
});

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: TRole;
}

const GENERIC_FAILURE = "Wrong email or password.";

/**
 * Checks a login. Before any password is compared, one attempt is reserved atomically on the
 * account and on the client address (lib/auth/login-throttle.ts): past the limit (env
 * DISCERN_LOGIN_MAX_FAILURES per account, DISCERN_LOGIN_MAX_PER_IP per address, per
 * DISCERN_LOGIN_WINDOW_SECONDS) the attempt is refused, even with the right password, without
 * comparing it, and each lockout in a row doubles. Unknown users and wrong passwords get the same
 * message; a disabled user is told so. Every refusal is audited (LOGIN_FAILED, with the reason
 * the user is not told). The session carries the user's `sessionVersion`.
 */
export async function authenticate(input: unknown, ip?: string): Promise<SessionUser & { sessionVersion: number }> {
  const parsed = ZCredentials.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", { userMessage: "Enter an email address and a password." });
  const { email, password } = parsed.data;
  const config = env();
  const windowSeconds = config.DISCERN_LOGIN_WINDOW_SECONDS;
  const [accountKey, ipKey] = throttleKeys(email, ip);
  const refusal = await reserveLoginAttempt([
    { key: accountKey!, policy: { maxAttempts: config.DISCERN_LOGIN_MAX_FAILURES, windowSeconds } },
    ...(ipKey ? [{ key: ipKey, policy: { maxAttempts: config.DISCERN_LOGIN_MAX_PER_IP, windowSeconds } }] : []),
  ]);
  if (refusal) {
    await db().loginAttempt.create({ data: { email, ok: false, userId: null, ip: ip ?? null } });
    await recordAudit(db(), { type: "LOGIN_FAILED", payload: { email, reason: refusal.key.startsWith("ip:") ? "rate-limited-address" : "rate-limited-account" } });
    const minutes = Math.ceil(refusal.retryAfterSeconds / 60);
    const whose = refusal.key.startsWith("ip:") ? "from this address" : "for this account";
    throw new AppError("RATE_LIMITED", {
      userMessage: `Too many failed logins ${whose}; try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      details: { retryAfterSeconds: refusal.retryAfterSeconds },
    });
  }

  const user = await db().user.findUnique({ where: { email } });
  // An unknown email pays the same bcrypt comparison as a known one (no timing oracle for accounts).
  const matches = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_ACCOUNT_HASH);
  const ok = user !== null && matches;
  await db().loginAttempt.create({ data: { email, ok: ok && !user?.disabled, userId: user?.id ?? null, ip: ip ?? null } });
  if (!user || !ok) {
    await recordAudit(db(), { type: "LOGIN_FAILED", actorId: user?.id ?? null, payload: { email, reason: user ? "wrong-password" : "unknown-account" } });
    throw new AppError("UNAUTHENTICATED", { userMessage: GENERIC_FAILURE });
  }
  if (user.disabled) {
    await recordAudit(db(), { type: "LOGIN_FAILED", actorId: user.id, payload: { email, reason: "disabled" } });
    throw new AppError("FORBIDDEN", { userMessage: "This account is disabled; ask an administrator." });
  }
  if (!isRole(user.role)) throw new AppError("INTERNAL", { message: "user with unknown role" });
  await settleSuccessfulLogin(email, ip);
  await recordAudit(db(), { type: "USER_LOGGED_IN", actorId: user.id, payload: {} });
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
