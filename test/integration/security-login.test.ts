import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { db } from "../../lib/db/client";
import { makeUser, resetDatabase } from "./helpers";

// Counts real bcrypt comparisons: the wrapped function still runs bcrypt.
vi.mock("../../lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lib/auth/password")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});
// The session cookie's decoding is next-auth's; what requireUser sees is the session object the
// real jwt and session callbacks produce (below), handed over by this mock.
let currentSession: Session | null = null;
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => currentSession),
}));

const { verifyPassword } = await import("../../lib/auth/password");
const { authenticate } = await import("../../lib/auth/authenticate");
const { authOptions } = await import("../../lib/auth/options");
const { updateUser } = await import("../../lib/users/manage-users");
const { GET: getMe } = await import("../../app/api/me/route");

const PASSWORD = "correct-horse-battery";
const comparisons = () => vi.mocked(verifyPassword).mock.calls.length;

/** Logs in through authorize → jwt → session callbacks, as next-auth does, and keeps the token. */
async function logIn(email: string): Promise<JWT> {
  const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: unknown, r: unknown) => Promise<{ id: string; role: string; sessionVersion: number }> } };
  const user = await provider.options.authorize({ email, password: PASSWORD }, { headers: {} });
  const token = await authOptions.callbacks!.jwt!({ token: {}, user: user as never, account: null, trigger: "signIn" });
  return token;
}

async function useToken(token: JWT): Promise<void> {
  const session = await authOptions.callbacks!.session!({ session: { user: {}, expires: "" } as never, token, user: undefined as never, newSession: undefined, trigger: "update" });
  currentSession = session as Session;
}

const me = () => getMe(new Request("http://test/api/me"), { params: Promise.resolve({}) });

describe("[AUTH] login throttling is atomic (issue 18)", () => {
  beforeEach(async () => {
    await resetDatabase();
    vi.mocked(verifyPassword).mockClear();
  });
  afterAll(() => db().$disconnect());

  it("compares at most 5 passwords of 40 parallel wrong guesses, and a later burst with the right one does not log in", async () => {
    const user = await makeUser("SUPERVISOR", PASSWORD);
    const guesses = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => authenticate({ email: user.email, password: `guess-${i}` }, "10.0.0.1")));
    expect(guesses.every((g) => g.status === "rejected")).toBe(true);
    expect(comparisons()).toBeLessThanOrEqual(5);
    const codes = guesses.map((g) => (g.status === "rejected" ? (g.reason as { code: string }).code : "OK"));
    expect(codes.filter((c) => c === "UNAUTHENTICATED").length).toBe(comparisons());
    expect(codes.filter((c) => c === "RATE_LIMITED").length).toBe(40 - comparisons());

    const before = comparisons();
    const burst = await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, i) => authenticate({ email: user.email, password: `again-${i}` }, "10.0.0.2")),
      authenticate({ email: user.email, password: PASSWORD }, "10.0.0.3"),
    ]);
    expect(burst.filter((b) => b.status === "fulfilled")).toHaveLength(0);
    expect(comparisons()).toBe(before);
    expect(await db().auditEvent.count({ where: { type: "USER_LOGGED_IN" } })).toBe(0);
  });

  it("limits one address across accounts (30 per window) without comparing the 31st", async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => makeUser("ANNOTATOR", PASSWORD)));
    await Promise.all(Array.from({ length: 30 }, (_, i) => authenticate({ email: users[i % 4]!.email, password: `wrong-${i}` }, "192.0.2.7").catch(() => null)));
    const compared = comparisons();
    await expect(authenticate({ email: (await makeUser("ANNOTATOR", PASSWORD)).email, password: PASSWORD }, "192.0.2.7")).rejects.toMatchObject({ code: "RATE_LIMITED", userMessage: expect.stringMatching(/from this address/) });
    expect(comparisons()).toBe(compared);
    // Another address is unaffected; the guessed accounts stay locked from anywhere.
    await expect(authenticate({ email: (await makeUser("ANNOTATOR", PASSWORD)).email, password: PASSWORD }, "192.0.2.8")).resolves.toMatchObject({ role: "ANNOTATOR" });
    await expect(authenticate({ email: users[0]!.email, password: PASSWORD }, "192.0.2.8")).rejects.toMatchObject({ code: "RATE_LIMITED", userMessage: expect.stringMatching(/for this account/) });
  });

  it("starts an account's count over after a successful login", async () => {
    const user = await makeUser("RADIOLOGIST", PASSWORD);
    for (let i = 0; i < 4; i += 1) await expect(authenticate({ email: user.email, password: "nope" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await authenticate({ email: user.email, password: PASSWORD });
    for (let i = 0; i < 5; i += 1) await expect(authenticate({ email: user.email, password: "nope" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(authenticate({ email: user.email, password: PASSWORD })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });
});

describe("[AUTH] sessions are revocable (issue 18)", () => {
  beforeEach(resetDatabase);

  it("answers 200 with a fresh session and 401 after sign-out, on every device", async () => {
    const user = await makeUser("RADIOLOGIST", PASSWORD);
    const laptop = await logIn(user.email);
    const ward = await logIn(user.email);
    await useToken(ward);
    expect((await me()).status).toBe(200);
    await authOptions.events!.signOut!({ token: laptop, session: undefined as never });
    expect((await me()).status).toBe(401);
    await useToken(laptop);
    expect((await me()).status).toBe(401);
    // A new login works again.
    await useToken(await logIn(user.email));
    expect((await me()).status).toBe(200);
  });

  it.each([
    ["a password reset", { password: "a-brand-new-password" }],
    ["a role change", { role: "ANNOTATOR" }],
    ["disabling", { disabled: true }],
  ])("ends every session of the user at %s", async (_what, change) => {
    const admin = await makeUser("ADMIN", PASSWORD);
    const user = await makeUser("RADIOLOGIST", PASSWORD);
    await useToken(await logIn(user.email));
    expect((await me()).status).toBe(200);
    await updateUser({ userId: user.id, input: change, actorId: admin.id });
    const response = await me();
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  });

  it("keeps sessions through a change that is neither (a new display name)", async () => {
    const admin = await makeUser("ADMIN", PASSWORD);
    const user = await makeUser("RADIOLOGIST", PASSWORD);
    await useToken(await logIn(user.email));
    await updateUser({ userId: user.id, input: { name: "Dr Renamed" }, actorId: admin.id });
    expect((await me()).status).toBe(200);
  });
});
