/**
 * The security headers of every response (issue 18). Pages get a Content-Security-Policy with a
 * per-request nonce (proxy.ts): Next puts the nonce on its own inline scripts, so no
 * 'unsafe-inline' script is needed. API and DICOMweb answers, never a document that loads
 * anything, get a fixed deny-all policy from next.config.js. The headers without per-request parts
 * (nosniff, Referrer-Policy, frame denial, HSTS behind TLS) are set for every path, static files
 * included, in next.config.js. Sources: OWASP HTTP Headers Cheat Sheet; CSP Level 3
 * (nonce-source, 'strict-dynamic', frame-ancestors); Next.js "Content Security Policy" guide.
 */

/**
 * The policy for one response. `dev` adds what `next dev` needs (eval for React Refresh, its
 * websocket); production has neither. Styles keep 'unsafe-inline': React writes style attributes
 * (the viewer positions its overlays that way), which nonces cannot cover; scripts never do.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  const directives: Array<[string, string]> = [
    ["default-src", "'self'"],
    ["script-src", `'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`],
    ["style-src", "'self' 'unsafe-inline'"],
    ["img-src", "'self' data: blob:"],
    ["font-src", "'self' data:"],
    ["connect-src", dev ? "'self' ws: wss:" : "'self'"],
    ["worker-src", "'self' blob:"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join("; ");
}

/** Whether a request reached discern over HTTPS: its URL, or X-Forwarded-Proto from the proxy in front. */
export function isTlsRequest(url: string, forwardedProto: string | null): boolean {
  if (url.startsWith("https:")) return true;
  return (forwardedProto ?? "").split(",")[0]?.trim().toLowerCase() === "https";
}

/** A fresh nonce: 128 random bits, base64 (CSP nonces must be unguessable and fresh per response). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
