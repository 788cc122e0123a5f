"use client";

import { useState, type FormEvent } from "react";
import type { TBoardStudy } from "@/lib/supervision/assignment-board";
import { postJson } from "./post-json";
import { ReaderFields, readerOptions, type TReader } from "./reader-fields";


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
  const options = readerOptions(readers);

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
      {toRead > 0 ? <ReaderFields design={design} onDesign={setDesign} readers={readers} names={{ design: "bulkDesign", reader1: "bulkReader1", reader2: "bulkReader2" }} /> : null}
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
