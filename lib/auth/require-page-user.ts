import { redirect } from "next/navigation";
import type { SessionUser } from "./authenticate";
import { currentUser } from "./current-user";
import { can, type TPermission } from "./roles";

/**
 * For server components: the user, or a redirect to /login (no session) or to /forbidden
 * (no permission). The permission decision itself is lib/auth/roles.ts's.
 */
export async function requirePageUser(permission?: TPermission, from?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(from ? `/login?from=${encodeURIComponent(from)}` : "/login");
  if (permission && !can(user.role, permission)) redirect("/forbidden");
  return user;
}
