import { env, isDemoMode } from "../config/env";
import { AppError } from "../errors/app-error";

const DEVELOPMENT_SECRET = "discern-development-secret-not-for-production-use";

/**
 * The secret that signs session cookies. Production refuses to start without one (env() already
 * enforces 32+ characters); demo, development and tests get a fixed local one.
 */
export function authSecret(): string {
  const { NEXTAUTH_SECRET, NODE_ENV } = env();
  if (NEXTAUTH_SECRET) return NEXTAUTH_SECRET;
  if (NODE_ENV !== "production" || isDemoMode()) return DEVELOPMENT_SECRET;
  throw new AppError("CONFIG_INVALID", { userMessage: "NEXTAUTH_SECRET is required in production." });
}
