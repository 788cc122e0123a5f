import { safeRedirectPath } from "../auth/safe-redirect";
import { DATABASE_RETRY_AFTER_SECONDS } from "./api-route";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * The HTML of the "database unavailable" page (app/unavailable): one sentence, a link that retries
 * `from` when it is a path on this site (lib/auth/safe-redirect; anything else retries the home
 * page), and a meta refresh that retries by itself after Retry-After seconds. No script, so the
 * Content-Security-Policy has nothing to allow.
 */
export function unavailablePage(from: string | null): string {
  const target = escapeHtml(safeRedirectPath(from) ?? "/");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="${DATABASE_RETRY_AFTER_SECONDS};url=${target}">
<title>Database unavailable · discern</title>
</head>
<body>
<main>
<h1>Database unavailable</h1>
<p>The database is unavailable at the moment; this page retries in ${DATABASE_RETRY_AFTER_SECONDS} seconds.</p>
<p><a href="${target}">Retry now</a></p>
</main>
</body>
</html>
`;
}
