import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/http/api-route";
import { unavailablePage } from "@/lib/http/unavailable-page";

/**
 * Where pages send the user while the database cannot be reached (lib/auth/require-page-user):
 * 503 with Retry-After, one sentence, and a retry of the page they asked for (`from`, a path on
 * this site). A route handler, because a page cannot set its own status.
 */
export function GET(request: Request): Response {
  const from = new URL(request.url).searchParams.get("from");
  return new Response(unavailablePage(from), {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}
