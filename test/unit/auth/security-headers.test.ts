import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { proxy } from "../../../proxy";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const nextConfig = require("../../../next.config.js") as { headers: () => Promise<Array<{ source: string; has?: unknown[]; headers: Array<{ key: string; value: string }> }>> };

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+(.*)/s) as [string, string]));
}

describe("[HTTP] security headers (issue 18)", () => {
  it("gives every page a CSP with a fresh nonce, no inline or eval scripts, and no framing", () => {
    const first = proxy(new NextRequest("http://localhost/worklist"));
    const second = proxy(new NextRequest("http://localhost/worklist"));
    const policy = first.headers.get("content-security-policy")!;
    const script = directives(policy).get("script-src")!;
    expect(script).toMatch(/'nonce-[A-Za-z0-9+/]{22}=='/);
    expect(script).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(directives(policy).get("frame-ancestors")).toBe("'none'");
    expect(directives(policy).get("object-src")).toBe("'none'");
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
    // Next reads the nonce from the forwarded request header to put it on its own scripts.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
  });

  it("sets nosniff, a referrer policy and frame denial on every path, and HSTS only behind TLS", async () => {
    const rules = await nextConfig.headers();
    const everywhere = rules.find((r) => r.source === "/:path*" && !r.has)!;
    const byKey = Object.fromEntries(everywhere.headers.map((h) => [h.key.toLowerCase(), h.value]));
    expect(byKey).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "DENY" });
    expect(byKey["strict-transport-security"]).toBeUndefined();
    const tls = rules.find((r) => r.has)!;
    expect(tls.has).toEqual([{ type: "header", key: "x-forwarded-proto", value: "https" }]);
    expect(tls.headers[0]).toMatchObject({ key: "Strict-Transport-Security", value: expect.stringMatching(/^max-age=\d{8,}/) });
  });
});
