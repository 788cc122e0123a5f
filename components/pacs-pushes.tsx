"use client";

import { useState } from "react";
import type { TPushView } from "@/lib/pacs/push-results";
import { StatusMessage } from "./status-message";

/**
 * The study page's PACS panel: every push of a signed reading's SR and PDF (node, outcome,
 * attempts, the last error's sentence), and, for those allowed, "Send to PACS" on demand.
 */
export function PacsPushes({ studyId, initial, nodes, canPush }: { studyId: string; initial: TPushView[]; nodes: string[]; canPush: boolean }) {
  const [pushes, setPushes] = useState(initial);
  const [node, setNode] = useState(nodes[0] ?? "");
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);

  async function push() {
    const response = await fetch(`/api/studies/${encodeURIComponent(studyId)}/pacs-pushes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ node }) });
    const body = (await response.json()) as { pushes?: TPushView[]; error?: { message: string } };
    if (body.pushes) {
      setPushes(body.pushes);
      setMessage({ text: `Queued for ${node}; the worker sends it (retries if the PACS is down).`, ok: true });
    } else setMessage({ text: body.error?.message ?? "Could not queue the push.", ok: false });
  }

  async function refresh() {
    const response = await fetch(`/api/studies/${encodeURIComponent(studyId)}/pacs-pushes`);
    const body = (await response.json()) as { pushes?: TPushView[] };
    if (body.pushes) setPushes(body.pushes);
  }

  return (
    <section className="card" aria-label="Results sent to PACS" data-testid="pacs-pushes">
      <strong>Sent to PACS</strong>
      <ul>
        {pushes.map((p) => (
          <li key={p.pushId}>
            {p.node}: <span className={p.status === "SENT" ? "ok" : p.status === "FAILED" ? "error" : "muted"}>{p.status === "SENT" ? `sent ${p.sentAt?.slice(0, 16).replace("T", " ")} UTC` : p.status === "FAILED" ? "failed" : "queued"}</span>
            {p.attempts > 1 ? ` after ${p.attempts} attempts` : ""}
            {p.current ? "" : " (amended since)"}
            {p.lastError ? <span className="error"> — {p.lastError}</span> : null}
          </li>
        ))}
        {pushes.length === 0 ? <li className="muted">Nothing sent yet.</li> : null}
      </ul>
      <div className="row">
        <button onClick={() => void refresh()}>Refresh</button>
        {canPush && nodes.length > 0 ? (
          <>
            <select aria-label="PACS node" value={node} onChange={(e) => setNode(e.target.value)}>
              {nodes.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <button onClick={() => void push()}>Send to PACS</button>
          </>
        ) : null}
      </div>
      <StatusMessage message={message} />
    </section>
  );
}
