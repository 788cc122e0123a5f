"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";

/**
 * What a page shows when its server rendering fails after it started (a database that went away
 * mid-page, a bug): one sentence, the error's digest to quote to support (the server's log carries
 * the same digest; no message or stack reaches the browser), and a retry that renders the page
 * again from the server. Failures before rendering starts are answered before this: no session →
 * /login, no permission → /forbidden, an unreachable database → /unavailable (503, Retry-After).
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <main className="page" role="alert" data-testid="page-error">
      <h1>This page could not be shown</h1>
      <p>Something failed on the server while it built this page (the database may be briefly unavailable); nothing you saved is lost.</p>
      {error.digest ? <p className="muted">Reference: {error.digest}</p> : null}
      <p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </p>
    </main>
  );
}
