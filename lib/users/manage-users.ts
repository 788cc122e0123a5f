import { Prisma, type User } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { revokeSessions } from "../auth/session-version";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { ZCreateUserInput, ZUpdateUserInput, type TUserView } from "./schemas";

function toView(user: User): TUserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  };
}

export async function listUsers(): Promise<TUserView[]> {
  const users = await db().user.findMany({ orderBy: [{ role: "asc" }, { email: "asc" }] });
  return users.map(toView);
}

export async function createUser(options: { input: unknown; actorId: string | null }): Promise<TUserView> {
  const input = ZCreateUserInput.parse(options.input);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash } });
      await recordAudit(tx, { type: "USER_CREATED", actorId: options.actorId, payload: { userId: user.id, role: user.role } });
      return toView(user);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", { userMessage: "A user with this email already exists." });
    }
    throw error;
  }
}

/**
 * Changes a user's role, name, disabled flag or password. An admin cannot disable or demote
 * themselves (the last way back in would be gone). A password reset, a role change and disabling
 * revoke every session of the user (lib/auth/session-version.ts).
 */
export async function updateUser(options: { userId: string; input: unknown; actorId: string }): Promise<TUserView> {
  const input = ZUpdateUserInput.parse(options.input);
  if (options.userId === options.actorId && (input.disabled === true || (input.role && input.role !== "ADMIN"))) {
    throw new AppError("INVALID_INPUT", { userMessage: "You cannot disable or demote your own account." });
  }
  const existing = await db().user.findUnique({ where: { id: options.userId } });
  if (!existing) throw new AppError("NOT_FOUND", { userMessage: "No such user." });
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db().$transaction(async (tx) => {
    const user = await tx.user.update({
      where: { id: options.userId },
      data: { role: input.role, disabled: input.disabled, name: input.name, passwordHash },
    });
    if (input.role !== undefined || input.disabled !== undefined || input.name !== undefined) {
      await recordAudit(tx, {
        type: "USER_UPDATED",
        actorId: options.actorId,
        payload: { userId: user.id, role: input.role, disabled: input.disabled, name: input.name },
      });
    }
    if (passwordHash) await recordAudit(tx, { type: "PASSWORD_RESET", actorId: options.actorId, payload: { userId: user.id } });
    // A new password, another role or disabling ends every session the user has open (issue 18).
    const roleChanged = input.role !== undefined && input.role !== existing.role;
    if (roleChanged) await recordAudit(tx, { type: "USER_ROLE_CHANGED", actorId: options.actorId, payload: { userId: user.id, from: existing.role, to: user.role } });
    if (passwordHash || roleChanged || input.disabled === true) await revokeSessions(user.id, tx);
    return toView(user);
  });
}
