import { can, type TPermission, type TRole } from "../../lib/auth/roles";
import { AppError } from "../../lib/errors/app-error";

/**
 * A stand-in for lib/auth/current-user in route tests that choose the session themselves:
 *
 *   vi.mock("../../lib/auth/current-user", () => import("./test-session"));
 *   testSession.user = { id, email, name, role: "RADIOLOGIST" };
 *
 * `null` is "not logged in" (the real requireUser's 401); the permission check is the real one
 * (lib/auth/roles `can`), so a route's 403 is the product's.
 */
export const testSession: { user: { id: string; email: string; name: string; role: TRole } | null } = { user: null };

export async function currentUser() {
  return testSession.user;
}

export async function requireUser(permission?: TPermission) {
  if (!testSession.user) throw new AppError("UNAUTHENTICATED", { userMessage: "Log in first." });
  if (permission && !can(testSession.user.role, permission)) throw new AppError("FORBIDDEN", { userMessage: "Your role does not allow this." });
  return testSession.user;
}
