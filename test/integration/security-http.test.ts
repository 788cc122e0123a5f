import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Session } from "next-auth";
import { createPrismaClient, db } from "../../lib/db/client";
import { makeUser, resetDatabase } from "./helpers";

let currentSession: Session | null = null;
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => currentSession),
}));

const { POST: createUserRoute } = await import("../../app/api/users/route");
const { GET: getMe } = await import("../../app/api/me/route");
const { POST: nextAuthPost } = await import("../../app/api/auth/[...nextauth]/route");

const MB = 1024 * 1024;

/** A body of `total` bytes produced on demand (never held at once); `pulled()` says how much was read. */
function lazyBody(total: number, chunk = 64 * 1024) {
  let produced = 0;
  const piece = new Uint8Array(chunk).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced >= total) return controller.close();
      produced += chunk;
      controller.enqueue(piece);
    },
  });
  return { stream, pulled: () => produced };
}

function streamed(url: string, body: ReadableStream<Uint8Array>, contentType: string, contentLength?: number): Request {
  const headers: Record<string, string> = { "content-type": contentType };
  if (contentLength !== undefined) headers["content-length"] = String(contentLength);
  return new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

describe("[HTTP] request bodies are bounded (issue 18)", () => {
  it("answers 413 to a 300 MB JSON body on an API route after reading about 1 MB of it", async () => {
    const body = lazyBody(300 * MB);
    const rssBefore = process.memoryUsage().rss;
    const response = await createUserRoute(streamed("http://test/api/users", body.stream, "application/json"), { params: Promise.resolve({}) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "TOO_LARGE", message: expect.stringMatching(/^The request body is larger than \d+ bytes\.$/) });
    expect(body.pulled()).toBeLessThan(2 * MB);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * MB);
  });

  it("answers 413 to a 300 MB login at once when its length is declared, reading none of it", async () => {
    const body = lazyBody(300 * MB);
    const request = streamed("http://test/api/auth/callback/credentials", body.stream, "application/x-www-form-urlencoded", 300 * MB);
    const response = await nextAuthPost(request, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it("answers 413 to a chunked 300 MB login (no declared length) after 16 kB", async () => {
    const body = lazyBody(300 * MB);
    const response = await nextAuthPost(streamed("http://test/api/auth/callback/credentials", body.stream, "application/x-www-form-urlencoded"), { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThan(MB);
  });
});

describe("[HTTP] a database outage is 503 with Retry-After (issue 18)", () => {
  const saved = globalThis as unknown as { discernPrisma?: ReturnType<typeof db> };
  let real: ReturnType<typeof db> | undefined;

  beforeAll(async () => {
    await resetDatabase();
    const user = await makeUser("RADIOLOGIST");
    currentSession = { user: { id: user.id, role: "RADIOLOGIST", sessionVersion: 0 }, expires: "" } as Session;
    expect((await getMe(new Request("http://test/api/me"), { params: Promise.resolve({}) })).status).toBe(200);
    real = saved.discernPrisma;
    // Nothing listens on port 1: every query fails to connect, as when PostgreSQL is down.
    saved.discernPrisma = createPrismaClient("postgresql://postgres@127.0.0.1:1/discern");
  });
  afterAll(async () => {
    await saved.discernPrisma?.$disconnect().catch(() => undefined);
    saved.discernPrisma = real;
    await db().$disconnect();
  });

  it("answers 503, a Retry-After and one sentence when PostgreSQL cannot be reached", async () => {
    const response = await getMe(new Request("http://test/api/me"), { params: Promise.resolve({}) });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("DATABASE_UNAVAILABLE");
    expect(error.message).toMatch(/^The database is unavailable[^.]*\.$/);
  });
});
