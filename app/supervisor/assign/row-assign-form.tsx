"use client";

import { useState, type FormEvent } from "react";
import type { TBoardStudy } from "@/lib/supervision/assignment-board";
import { postJson } from "./post-json";
import { ReaderFields, readerOptions, type TReader } from "./reader-fields";


/** One study's assignment: the adjudicator of a study in adjudication, else its design and reader(s). */
export function RowAssignForm({ study, readers, onDone }: { study: TBoardStudy; readers: TReader[]; onDone: (message: { ok: boolean; text: string }) => void }) {
  const [design, setDesign] = useState<string>(study.design);
  const name = study.description ?? study.id;
  const options = readerOptions(readers);

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
      <ReaderFields design={design} onDesign={setDesign} readers={readers} names={{ design: "design", reader1: "reader1", reader2: "reader2" }} />
      <button type="submit" className="primary">
        Assign
      </button>
    </form>
  );
}
