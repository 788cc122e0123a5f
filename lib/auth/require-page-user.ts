import { redirect } from "next/navigation";
import { toAppError } from "../errors/app-error";
import type { SessionUser } from "./authenticate";
import { currentUser } from "./current-user";
import { can, type TPermission } from "./roles";

/**
 * For server components: the user, or a redirect to /login (no session) or to /forbidden
 * (no permission). The permission decision itself is lib/auth/roles.ts's. A database that cannot
 * be reached (lib/errors' DATABASE_UNAVAILABLE, as the APIs answer 503) redirects to
 * /unavailable, a 503 page with Retry-After that offers to retry `from`, instead of a 500.
 */
export async function requirePageUser(permission?: TPermission, from?: string): Promise<SessionUser> {
  let user: SessionUser | null;
  try {
    user = await currentUser();
  } catch (error) {
    if (toAppError(error).code === "DATABASE_UNAVAILABLE") redirect(from ? `/unavailable?from=${encodeURIComponent(from)}` : "/unavailable");
    throw error;
  }
  if (!user) redirect(from ? `/login?from=${encodeURIComponent(from)}` : "/login");
  if (permission && !can(user.role, permission)) redirect("/forbidden");
  return user;
}
