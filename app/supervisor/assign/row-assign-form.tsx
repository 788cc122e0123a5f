"use client";

import { useState, type FormEvent } from "react";
import type { TBoardStudy } from "@/lib/supervision/assignment-board";
import { postJson } from "./post-json";

interface TReader {
  id: string;
  name: string;
  role: string;
}

/** One study's assignment: the adjudicator of a study in adjudication, else its design and reader(s). */
export function RowAssignForm({ study, readers, onDone }: { study: TBoardStudy; readers: TReader[]; onDone: (message: { ok: boolean; text: string }) => void }) {
  const [design, setDesign] = useState<string>(study.design);
  const name = study.description ?? study.id;
  const options = readers.map((r) => (
    <option key={r.id} value={r.id}>
      {r.name} ({r.role.toLowerCase()})
    </option>
  ));

  async function onAssign(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const readerIds = (design === "SINGLE" ? [form.get("reader1")] : [form.get("reader1"), form.get("reader2")]).map(String);
    const result = await postJson("/api/supervision/assignments", { studyId: study.id, design, readerIds });
    onDone(result.ok ? { text: `Assigned ${name}.`, ok: true } : { text: result.message, ok: false });
  }

  async function onAdjudicate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await postJson("/api/supervision/adjudications", { studyId: study.id, readerId: String(form.get("adjudicator")) });
    onDone(result.ok ? { text: "Adjudicator assigned.", ok: true } : { text: result.message, ok: false });
  }

  if (study.reviewState === "ADJUDICATION") {
    return (
      <form className="row" aria-label={`Adjudicator for ${name}`} onSubmit={onAdjudicate}>
        <label>
          Adjudicator
          <select name="adjudicator" required>
            {options}
          </select>
        </label>
        <button type="submit" className="primary">
          Assign adjudicator
        </button>
      </form>
    );
  }
  return (
    <form className="row" aria-label={`Readers for ${name}`} onSubmit={onAssign}>
      <label>
        Design
        <select name="design" value={design} onChange={(e) => setDesign(e.target.value)}>
          <option value="SINGLE">single</option>
          <option value="DOUBLE_BLINDED">double blinded</option>
        </select>
      </label>
      <label>
        {design === "SINGLE" ? "Reader" : "First reader"}
        <select name="reader1" required>
          {options}
        </select>
      </label>
      {design === "DOUBLE_BLINDED" ? (
        <label>
          Second reader
          <select name="reader2" required defaultValue={readers[1]?.id}>
            {options}
          </select>
        </label>
      ) : null}
      <button type="submit" className="primary">
        Assign
      </button>
    </form>
  );
}
