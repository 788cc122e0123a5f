import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/http/security-headers";

/**
 * A Content-Security-Policy with a fresh nonce on every page
 * (lib/http/security-headers.ts), handed to Next through the request's own CSP header so that
 * Next's inline scripts carry it. The other security headers come from next.config.js.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Build files (hashed scripts and styles) need no policy of their own; API and DICOMweb answers
  // (JSON, pixels, PDF: nothing that runs a script) get a fixed deny-all policy from
  // next.config.js, which spares the busiest requests this per-request pass (bench/load.ts).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/|dicomweb/).*)"],
};
