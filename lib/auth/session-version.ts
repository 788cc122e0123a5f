import type { Prisma } from "@prisma/client";
import { db } from "../db/client";
import type { SessionUser } from "./authenticate";
import { isRole } from "./roles";

/** What a session token says about its user: the id and the session version it was issued under. */
export interface SessionClaims {
  uid: string;
  /** `User.sessionVersion` at login; tokens issued before this column existed carry none. */
  sv: number | undefined;
}

/**
 * The user a session token stands for, re-read from the database on every request, or null when
 * the token is revoked: the user is gone or disabled, or the user's session version moved on
 * since the token was issued (sign-out, password reset, role change, disabling all bump it, which
 * ends every session of that user at once, on every device, however long the JWT has left).
 */
export async function resolveSessionUser(claims: SessionClaims): Promise<SessionUser | null> {
  // Every request runs this: one raw statement, not a Prisma model query, whose per-call query
  // compilation costs three times the CPU of the statement itself (bench/load.ts, issue 18).
  const rows = await db().$queryRaw<Array<{ id: string; email: string; name: string; role: string; disabled: boolean; sessionVersion: number }>>`
    SELECT id, email, name, role::text AS role, disabled, "sessionVersion" FROM "User" WHERE id = ${claims.uid}`;
  const user = rows[0];
  if (!user || user.disabled || !isRole(user.role)) return null;
  if (claims.sv !== user.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * Ends every session of one user by bumping their session version. Pass a transaction client to
 * make it part of the change that causes it (a role change and its audit event).
 */
export async function revokeSessions(userId: string, client: Prisma.TransactionClient = db()): Promise<void> {
  await client.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
