import type { PrismaClient } from "@prisma/client";
import type { Session } from "next-auth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "../../lib/db/client";

// A logged-in session as next-auth would decode it from the cookie; requirePageUser then asks the
// database for the user (lib/auth/session-version), which is where an outage first shows.
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async (): Promise<Session> => ({ user: { id: "user-1", sessionVersion: 0 } as Session["user"], expires: "2099-01-01T00:00:00.000Z" })),
}));

const { requirePageUser } = await import("../../lib/auth/require-page-user");
const { GET: unavailable } = await import("../../app/unavailable/route");

/** Points lib/db's one client at a port where no database listens (connection refused), as during an outage. */
const holder = globalThis as unknown as { discernPrisma?: PrismaClient };
const saved = holder.discernPrisma;
function databaseDown(): PrismaClient {
  const dead = createPrismaClient("postgresql://postgres@127.0.0.1:1/discern_outage");
  holder.discernPrisma = dead;
  return dead;
}

describe("[RESILIENCE] pages during a database outage (issue 18)", () => {
  afterEach(() => {
    holder.discernPrisma = saved;
  });

  it("a page's requirePageUser redirects to the 503 page, naming the page to retry, instead of failing with a 500", async () => {
    const dead = databaseDown();
    const thrown = await requirePageUser("study:read", "/worklist").then(
      () => null,
      (e: unknown) => e,
    );
    await dead.$disconnect();
    // next/navigation's redirect() throws an error whose digest carries the target.
    expect((thrown as { digest?: string } | null)?.digest ?? String(thrown)).toContain("/unavailable?from=%2Fworklist");
  });

  it("the /unavailable page answers 503 with Retry-After, one sentence and a retry of the page asked for", async () => {
    const response = unavailable(new Request("http://test/unavailable?from=%2Fstudies%2Fabc"));
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    const html = await response.text();
    expect(html).toContain("The database is unavailable at the moment");
    expect(html).toContain('<a href="/studies/abc">Retry now</a>');
    expect(html).toContain('content="5;url=/studies/abc"');
  });

  it("retries the home page when `from` leads off the site or carries markup", async () => {
    for (const from of ["//evil.example/x", "https://evil.example", '/"><script>alert(1)</script>']) {
      const html = await unavailable(new Request(`http://test/unavailable?from=${encodeURIComponent(from)}`)).text();
      expect(html).not.toContain("evil.example");
      expect(html).not.toContain("<script>");
    }
    const offSite = await unavailable(new Request(`http://test/unavailable?from=${encodeURIComponent("//evil.example/x")}`)).text();
    expect(offSite).toContain('<a href="/">Retry now</a>');
  });
});
