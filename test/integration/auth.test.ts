import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { authenticate } from "../../lib/auth/authenticate";
import { db } from "../../lib/db/client";
import { createUser, updateUser } from "../../lib/users/manage-users";
import { accountsWithDemoPassword, seedDemoUsers } from "../../lib/users/seed-demo-users";
import { makeUser, resetDatabase } from "./helpers";

describe("[AUTH] authenticate", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("accepts the right password and records the attempt and an audit event", async () => {
    const user = await makeUser("RADIOLOGIST");
    const session = await authenticate({ email: user.email, password: "correct-horse-battery" });
    expect(session).toMatchObject({ id: user.id, role: "RADIOLOGIST" });
    expect(await db().loginAttempt.count({ where: { email: user.email, ok: true } })).toBe(1);
    expect(await db().auditEvent.count({ where: { type: "USER_LOGGED_IN", actorId: user.id } })).toBe(1);
  });

  it("audits every refused login with its reason (which the user is not told)", async () => {
    const user = await makeUser("ANNOTATOR");
    await expect(authenticate({ email: user.email, password: "wrong-password" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(authenticate({ email: "nobody@test.local", password: "whatever" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await db().user.update({ where: { id: user.id }, data: { disabled: true } });
    await expect(authenticate({ email: user.email, password: "correct-horse-battery" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const failed = await db().auditEvent.findMany({ where: { type: "LOGIN_FAILED" }, orderBy: { createdAt: "asc" } });
    expect(failed.map((e) => e.payload)).toEqual([
      { email: user.email, reason: "wrong-password" },
      { email: "nobody@test.local", reason: "unknown-account" },
      { email: user.email, reason: "disabled" },
    ]);
  });

  it("gives unknown users and wrong passwords the same sentence", async () => {
    const user = await makeUser("ANNOTATOR");
    await expect(authenticate({ email: user.email, password: "wrong-password" })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      userMessage: "Wrong email or password.",
    });
    await expect(authenticate({ email: "nobody@test.local", password: "whatever" })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      userMessage: "Wrong email or password.",
    });
  });

  it("refuses a disabled user with its own sentence", async () => {
    const user = await makeUser("RADIOLOGIST");
    await db().user.update({ where: { id: user.id }, data: { disabled: true } });
    await expect(authenticate({ email: user.email, password: "correct-horse-battery" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("rate-limits an account after five failures, even with the right password", async () => {
    const user = await makeUser("SUPERVISOR");
    for (let i = 0; i < 5; i += 1) {
      await expect(authenticate({ email: user.email, password: `bad-${i}` })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    }
    await expect(authenticate({ email: user.email, password: "correct-horse-battery" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });

  it("rejects malformed credentials as invalid input", async () => {
    await expect(authenticate({ email: "not-an-email", password: "" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("[ADMIN] users", () => {
  beforeEach(resetDatabase);

  it("creates a user once, refuses a duplicate email, and audits both changes", async () => {
    const admin = await makeUser("ADMIN");
    const created = await createUser({ input: { email: "New@Test.local", name: "New", role: "ANNOTATOR", password: "long-enough-pw" }, actorId: admin.id });
    expect(created.email).toBe("new@test.local");
    await expect(
      createUser({ input: { email: "new@test.local", name: "Again", role: "ANNOTATOR", password: "long-enough-pw" }, actorId: admin.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const updated = await updateUser({ userId: created.id, input: { role: "RADIOLOGIST" }, actorId: admin.id });
    expect(updated.role).toBe("RADIOLOGIST");
    const types = (await db().auditEvent.findMany({ orderBy: { createdAt: "asc" } })).map((e) => e.type);
    // The role change is recorded twice: as an update and, naming both roles, as USER_ROLE_CHANGED (same transaction).
    expect(types[0]).toBe("USER_CREATED");
    expect(types.slice(1).sort()).toEqual(["USER_ROLE_CHANGED", "USER_UPDATED"]);
    const roleChange = await db().auditEvent.findFirstOrThrow({ where: { type: "USER_ROLE_CHANGED" } });
    expect(roleChange.payload).toEqual({ userId: created.id, from: "ANNOTATOR", to: "RADIOLOGIST" });
  });

  it("refuses a short password and an admin disabling themselves", async () => {
    const admin = await makeUser("ADMIN");
    await expect(createUser({ input: { email: "x@test.local", name: "X", role: "ADMIN", password: "short" }, actorId: admin.id })).rejects.toThrow();
    await expect(updateUser({ userId: admin.id, input: { disabled: true }, actorId: admin.id })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("seeds the demo logins once and finds them by their default password", async () => {
    expect(await seedDemoUsers(db())).toBe(4);
    expect(await seedDemoUsers(db())).toBe(0);
    expect((await accountsWithDemoPassword(db())).sort()).toEqual([
      "admin@discern.local",
      "annotator@discern.local",
      "radiologist@discern.local",
      "supervisor@discern.local",
    ]);
  });
});
