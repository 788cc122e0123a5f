import bcrypt from "bcryptjs";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { makeUser, resetDatabase } from "./helpers";

// Records every bcrypt comparison and the hash it ran against; the wrapped function still runs bcrypt.
vi.mock("../../lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lib/auth/password")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const { verifyPassword } = await import("../../lib/auth/password");
const { authenticate } = await import("../../lib/auth/authenticate");

/** The bcrypt rounds of each comparison authenticate made (the hash is verifyPassword's second argument). */
const roundsCompared = () => vi.mocked(verifyPassword).mock.calls.map(([, hash]) => bcrypt.getRounds(hash));

describe("[AUTH] an unknown account costs the same password hashing as a known one (issue 18)", () => {
  beforeEach(async () => {
    await resetDatabase();
    vi.mocked(verifyPassword).mockClear();
  });
  afterAll(() => db().$disconnect());

  it("compares the password of an unknown email against a hash of the known accounts' cost, and refuses with the same answer", async () => {
    const known = await makeUser("RADIOLOGIST", "correct-horse-battery");
    const knownRounds = bcrypt.getRounds(known.passwordHash);

    const wrong = await authenticate({ email: known.email, password: "not-the-password" }, "10.0.0.7").catch((e: unknown) => e);
    const unknown = await authenticate({ email: "nobody-here@test.local", password: "not-the-password" }, "10.0.0.8").catch((e: unknown) => e);

    expect(roundsCompared()).toEqual([knownRounds, knownRounds]);
    expect([(wrong as { code: string }).code, (unknown as { code: string }).code]).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED"]);
    expect((wrong as Error).message).toBe((unknown as Error).message);
  });

  it("never logs in to an unknown email, whatever the password", async () => {
    const refused = await authenticate({ email: "ghost@test.local", password: "anything-at-all" }, "10.0.0.9").catch((e: unknown) => e);
    expect((refused as { code: string }).code).toBe("UNAUTHENTICATED");
    expect(await db().loginAttempt.findMany({ where: { email: "ghost@test.local" }, select: { ok: true, userId: true } })).toEqual([{ ok: false, userId: null }]);
  });
});
