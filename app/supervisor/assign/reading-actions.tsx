"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TReader } from "./reader-fields";

/**
 * A supervisor's actions on one open reading of the board (issue 12.1): release it (the study is
 * free again) or hand it to another reader. lib/review/policy decides on the server; a refusal's
 * sentence shows here.
 */
export function ReadingActions({ reading, readers }: { reading: { id: string; role: string; readerName: string | null }; readers: TReader[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState(readers[0]?.id ?? "");
  const post = async (url: string, body: unknown) => {
    setError(null);
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (response.ok) return router.refresh();
    const json = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    setError(json.error?.message ?? `Failed (${response.status}).`);
  };
  const who = `${reading.role.toLowerCase()} reading of ${reading.readerName ?? "—"}`;
  return (
    <span className="row" style={{ gap: 4 }}>
      <button type="button" onClick={() => post(`/api/readings/${reading.id}/release`, { reason: "released from the assignment board" })} aria-label={`Release the ${who}`}>
        Release
      </button>
      <select value={to} onChange={(e) => setTo(e.target.value)} aria-label={`New reader for the ${who}`}>
        {readers.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
      </select>
      <button type="button" onClick={() => post(`/api/readings/${reading.id}/reassign`, { toReaderId: to })} aria-label={`Reassign the ${who}`}>
        Reassign
      </button>
      {error ? <span className="error" role="alert">{error}</span> : null}
    </span>
  );
}
