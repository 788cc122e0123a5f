/** Methods that change state: only these are checked (a GET never writes, issue 18). */
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Why a state-changing request must be refused as cross-site, or null to let it through.
 * Browsers send `Sec-Fetch-Site` (Fetch Metadata, W3C): anything but `same-origin` (or `none`, a
 * request the user started) is refused — `same-site` included, since another app on the same host
 * (another port) is another origin. Without it, an `Origin` header must name the request's own
 * host (`Host`, or `X-Forwarded-Host` behind a proxy); `Origin: null` (sandboxed frames, files) is
 * refused. Clients that send neither (the CLI, scripts) pass: they still need a session.
 * The session cookie's SameSite=Lax stops other sites only; a form with enctype text/plain on a
 * sibling origin otherwise reaches JSON routes (OWASP CSRF Prevention Cheat Sheet, "Fetch Metadata").
 */
export function crossSiteRefusal(method: string, headers: Headers): string | null {
  if (!UNSAFE.has(method.toUpperCase())) return null;
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none" ? null : `a ${site} request`;
  const origin = headers.get("origin");
  if (origin === null) return null;
  if (origin === "null") return "a request from an opaque origin";
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "a request with an unreadable Origin";
  }
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  return host !== null && originHost === host ? null : `a request from ${originHost}`;
}
