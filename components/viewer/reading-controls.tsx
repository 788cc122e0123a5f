"use client";

import { useEffect, useState } from "react";
import type { TStudyView } from "@/lib/review/study-view";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { SignConfirmSummary } from "./sign-confirm-summary";

export interface ReadingControlsProps {
  view: TStudyView;
  /** Saves pending edits first; false when they could not be saved. */
  flush: () => Promise<boolean>;
  /** After any action: the page reloads with the new state. */
  onChanged: () => void;
}

function since(iso: string): string {
  return `${iso.replace("T", " ").slice(0, 16)} UTC`;
}

/**
 * The viewer's reading controls (issue 12): Start reading (button and the S key) — viewing
 * never claims a study; a read-only banner naming who holds the study and since when; Sign for
 * primary, second and adjudication readings alike; Amend with a reason; Submit as done for
 * annotators, Reopen for supervisors; Release. What shows is the server's policy decision for
 * this viewer (TStudyView); the server decides again on every action.
 */
export function ReadingControls({ view, flush, onChanged }: ReadingControlsProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [amending, setAmending] = useState(false);
  const [reason, setReason] = useState("");
  // Sign and amend go through a confirmation with a summary (issue 17).
  const [confirming, setConfirming] = useState<"sign" | "amend" | null>(null);
  const reading = view.reading;

  const post = async (url: string, body: unknown = {}) => {
    setBusy(true);
    setError(null);
    try {
      if (!(await flush())) throw new Error("Unsaved changes could not be saved; resolve that first.");
      const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? "The request failed.");
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const start = () => post(`/api/studies/${encodeURIComponent(view.study.id)}/reading`);

  useEffect(() => {
    if (!view.canStart) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      if ((e.key === "s" || e.key === "S") && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        void start();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const signLabel = reading?.role === "ADJUDICATION" ? "Sign final" : reading?.amendsId ? "Sign amendment" : "Sign";
  return (
    <div data-testid="reading-controls">
      {view.holder ? (
        <p className="notice" role="status" data-testid="read-only-banner">
          Read only: {view.holder.readerName ?? "another reader"} has held this study since {since(view.holder.since)}.
        </p>
      ) : !view.canStart && view.startRefusal && !view.editable ? (
        <p className="muted" data-testid="start-refusal">{view.startRefusal}</p>
      ) : null}
      {reading?.amendReason ? <p className="muted" data-testid="amend-reason">Amendment: {reading.amendReason}</p> : null}
      <div className="toolbar">
        {view.canStart ? <button type="button" className="primary" disabled={busy} onClick={start} title="S" data-testid="start-reading">Start reading</button> : null}
        {view.canSign ? <button type="button" className="primary" disabled={busy} onClick={() => setConfirming("sign")}>{signLabel}</button> : null}
        {view.canSubmit ? <button type="button" className="primary" disabled={busy} onClick={() => post(`/api/readings/${reading!.id}/submit`)}>Submit as done</button> : null}
        {view.canReopen ? <button type="button" disabled={busy} onClick={() => post(`/api/readings/${reading!.id}/reopen`, {})}>Reopen annotation</button> : null}
        {view.canAmend && !amending ? <button type="button" disabled={busy} onClick={() => setAmending(true)}>Amend…</button> : null}
        {view.releasableReadingId ? <button type="button" disabled={busy} onClick={() => post(`/api/readings/${view.releasableReadingId}/release`, {})}>Release</button> : null}
      </div>
      {amending ? (
        <form
          className="toolbar"
          style={{ marginTop: 6 }}
          onSubmit={(e) => {
            e.preventDefault();
            setConfirming("amend");
          }}
        >
          <label style={{ flex: 1 }}>
            Reason for the amendment
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} rows={2} style={{ width: "100%" }} />
          </label>
          <button type="submit" disabled={busy || reason.trim().length < 3}>Start amendment</button>
          <button type="button" onClick={() => setAmending(false)}>Cancel</button>
        </form>
      ) : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      {confirming && reading ? (
        <ConfirmDialog
          title={confirming === "sign" ? `${signLabel}?` : "Start an amendment?"}
          summary={<SignConfirmSummary view={view} action={confirming} reason={reason} />}
          confirmLabel={confirming === "sign" ? signLabel : "Start amendment"}
          busy={busy}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            void (confirming === "sign" ? post(`/api/readings/${reading.id}/sign`) : post(`/api/readings/${reading.id}/amend`, { reason }));
          }}
        />
      ) : null}
    </div>
  );
}
