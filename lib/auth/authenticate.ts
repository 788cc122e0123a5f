import { z } from "zod";
import { env } from "../config/env";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { recordAudit } from "../audit/record-audit";
import { isRole, type TRole } from "./roles";
import { verifyPassword } from "./password";

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
 * Checks a login. Failed attempts are counted per email in a sliding window: past the limit the
 * account is refused (even with the right password) until the window has passed. Unknown
 * users and wrong passwords get the same message; a disabled user is told so.
 */
export async function authenticate(input: unknown, ip?: string): Promise<SessionUser> {
  const parsed = ZCredentials.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", { userMessage: "Enter an email address and a password." });
  const { email, password } = parsed.data;
  const { DISCERN_LOGIN_MAX_FAILURES: maxFailures, DISCERN_LOGIN_WINDOW_SECONDS: windowSeconds } = env();
  const since = new Date(Date.now() - windowSeconds * 1000);

  const lastSuccess = await db().loginAttempt.findFirst({ where: { email, ok: true, createdAt: { gte: since } }, orderBy: { createdAt: "desc" } });
  const failures = await db().loginAttempt.count({
    where: { email, ok: false, createdAt: { gte: lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since } },
  });
  if (failures >= maxFailures) {
    throw new AppError("RATE_LIMITED", {
      userMessage: `Too many failed logins for this account; try again in ${Math.ceil(windowSeconds / 60)} minutes.`,
    });
  }

  const user = await db().user.findUnique({ where: { email } });
  const ok = user ? await verifyPassword(password, user.passwordHash) : false;
  await db().loginAttempt.create({ data: { email, ok: ok && !user?.disabled, userId: user?.id ?? null, ip: ip ?? null } });
  if (!user || !ok) throw new AppError("UNAUTHENTICATED", { userMessage: GENERIC_FAILURE });
  if (user.disabled) throw new AppError("FORBIDDEN", { userMessage: "This account is disabled; ask an administrator." });
  if (!isRole(user.role)) throw new AppError("INTERNAL", { message: "user with unknown role" });
  await recordAudit(db(), { type: "USER_LOGGED_IN", actorId: user.id, payload: {} });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
