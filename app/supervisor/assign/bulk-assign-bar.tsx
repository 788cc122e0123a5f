"use client";

import { useState, type FormEvent } from "react";
import type { TBoardStudy } from "@/lib/supervision/assignment-board";
import { postJson } from "./post-json";

interface TReader {
  id: string;
  name: string;
  role: string;
}

/**
 * Assigns every selected study at once (POST /api/supervision/bulk-assignments, all or nothing):
 * the design and reader(s) for those still to be read, the adjudicator for those in adjudication.
 * The refusal's sentence names the study that blocked it.
 */
export function BulkAssignBar({ selected, readers, onDone }: { selected: TBoardStudy[]; readers: TReader[]; onDone: (message: { ok: boolean; text: string }) => void }) {
  const [design, setDesign] = useState("SINGLE");
  const [busy, setBusy] = useState(false);
  const adjudications = selected.filter((s) => s.reviewState === "ADJUDICATION").length;
  const toRead = selected.length - adjudications;
  const options = readers.map((r) => (
    <option key={r.id} value={r.id}>
      {r.name} ({r.role.toLowerCase()})
    </option>
  ));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const readerIds = (design === "SINGLE" ? [form.get("bulkReader1")] : [form.get("bulkReader1"), form.get("bulkReader2")]).map(String);
    const body = {
      studyIds: selected.map((s) => s.id),
      ...(toRead > 0 ? { readers: { design, readerIds } } : {}),
      ...(adjudications > 0 ? { adjudicatorId: String(form.get("bulkAdjudicator")) } : {}),
    };
    setBusy(true);
    const result = await postJson("/api/supervision/bulk-assignments", body);
    setBusy(false);
    onDone(result.ok ? { ok: true, text: `Assigned ${selected.length} ${selected.length === 1 ? "study" : "studies"}.` } : { ok: false, text: result.message });
  }

  if (selected.length === 0) return <p className="muted" data-testid="bulk-none">Select studies (checkboxes, or x on a row) to assign several at once.</p>;
  return (
    <form className="card row" aria-label="Assign the selected studies" onSubmit={onSubmit} data-testid="bulk-assign">
      <strong data-testid="bulk-count">
        {selected.length} selected{adjudications > 0 ? ` (${adjudications} in adjudication)` : ""}
      </strong>
      {toRead > 0 ? (
        <>
          <label>
            Design
            <select name="bulkDesign" value={design} onChange={(e) => setDesign(e.target.value)}>
              <option value="SINGLE">single</option>
              <option value="DOUBLE_BLINDED">double blinded</option>
            </select>
          </label>
          <label>
            {design === "SINGLE" ? "Reader" : "First reader"}
            <select name="bulkReader1" required>
              {options}
            </select>
          </label>
          {design === "DOUBLE_BLINDED" ? (
            <label>
              Second reader
              <select name="bulkReader2" required defaultValue={readers[1]?.id}>
                {options}
              </select>
            </label>
          ) : null}
        </>
      ) : null}
      {adjudications > 0 ? (
        <label>
          Adjudicator
          <select name="bulkAdjudicator" required>
            {options}
          </select>
        </label>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        Assign {selected.length} {selected.length === 1 ? "study" : "studies"}
      </button>
    </form>
  );
}
