import { getServerSession } from "next-auth";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { SessionUser } from "./authenticate";
import { authOptions } from "./options";
import { can, isRole, type TPermission } from "./roles";

/**
 * The logged-in user, re-read from the database (a disabled account or a changed role counts at
 * once), or null without a valid session.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db().user.findUnique({ where: { id } });
  if (!user || user.disabled || !isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
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
