import { getServerSession } from "next-auth";
import { AppError } from "../errors/app-error";
import type { SessionUser } from "./authenticate";
import { authOptions } from "./options";
import { can, type TPermission } from "./roles";
import { resolveSessionUser } from "./session-version";

/**
 * The logged-in user, re-read from the database on every request, or null without a valid
 * session: a disabled account, a changed role, a password reset or a sign-out elsewhere revoke
 * the session at once (lib/auth/session-version.ts).
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  return resolveSessionUser({ uid: id, sv: session.user.sessionVersion });
}

/** Throws UNAUTHENTICATED (401) without a session and FORBIDDEN (403) without the permission. */
export async function requireUser(permission?: TPermission): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", { userMessage: "Log in first." });
  if (permission && !can(user.role, permission)) {
    throw new AppError("FORBIDDEN", { userMessage: "Your role does not allow this." });
  }
  return user;
}
