/** An origin no request can have: paths are resolved against it to see where they really lead. */
const PROBE_ORIGIN = "https://discern.invalid";

/**
 * The path to go to after login, or null when `from` is not a plain path on this site. The value
 * is parsed as a browser would (WHATWG URL) and must stay on the same origin: `//evil`,
 * `https://evil`, `/\evil` (browsers read `\` as `/`), `/%09/evil` (browsers drop tabs and
 * newlines, leaving `//evil`) and anything with control characters or backslashes, encoded or
 * not, are refused. Returns path + query + fragment as parsed (OWASP Unvalidated Redirects and
 * Forwards Cheat Sheet: allow only local paths, validated after decoding).
 */
export function safeRedirectPath(from: string | null | undefined): string | null {
  if (!from || from.length > 2048) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(from);
  } catch {
    return null;
  }
  for (const candidate of [from, decoded]) {
    if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return null;
    if (!candidate.startsWith("/") || candidate.startsWith("//")) return null;
  }
  let url: URL;
  try {
    url = new URL(from, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PROBE_ORIGIN || url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
