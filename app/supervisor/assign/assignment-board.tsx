"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { TBoardStudy } from "@/lib/supervision/assignment-board";
import { dicomDateOf } from "@/lib/format/dicom-human";
import { ReadingActions } from "./reading-actions";

interface TReader {
  id: string;
  name: string;
  role: string;
}

async function post(url: string, body: unknown): Promise<{ ok: boolean; message: string }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (response.ok) return { ok: true, message: "" };
  const json = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  return { ok: false, message: json.error?.message ?? `Failed (${response.status}).` };
}

/** One row per study: reading design and reader(s), or the adjudicator for a study in adjudication. */
export function AssignmentBoard({ studies, readers }: { studies: TBoardStudy[]; readers: TReader[] }) {
  const router = useRouter();
  const [status, setStatus] = useState<{ text: string; ok: boolean } | null>(null);
  const [designs, setDesigns] = useState<Record<string, string>>({});

  async function onAssign(event: FormEvent<HTMLFormElement>, study: TBoardStudy) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const design = String(form.get("design"));
    const readerIds = (design === "SINGLE" ? [form.get("reader1")] : [form.get("reader1"), form.get("reader2")]).map(String);
    const result = await post("/api/supervision/assignments", { studyId: study.id, design, readerIds });
    setStatus(result.ok ? { text: `Assigned ${study.description ?? study.studyInstanceUid}.`, ok: true } : { text: result.message, ok: false });
    if (result.ok) router.refresh();
  }

  async function onAdjudicate(event: FormEvent<HTMLFormElement>, study: TBoardStudy) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await post("/api/supervision/adjudications", { studyId: study.id, readerId: String(form.get("adjudicator")) });
    setStatus(result.ok ? { text: `Adjudicator assigned.`, ok: true } : { text: result.message, ok: false });
    if (result.ok) router.refresh();
  }

  const readerOptions = readers.map((r) => (
    <option key={r.id} value={r.id}>
      {r.name} ({r.role.toLowerCase()})
    </option>
  ));

  return (
    <>
      <p role="status" className={status?.ok ? "ok" : "error"} data-testid="assign-status">
        {status?.text ?? ""}
      </p>
      <table data-testid="assignment-board">
        <thead>
          <tr>
            <th scope="col">Study</th>
            <th scope="col">State</th>
            <th scope="col">Readings</th>
            <th scope="col">Assign</th>
          </tr>
        </thead>
        <tbody>
          {studies.map((s) => {
            const design = designs[s.id] ?? s.design;
            return (
              <tr key={s.id} data-study-id={s.id}>
                <td>
                  {s.description ?? "(no description)"}
                  <div className="muted">{dicomDateOf(s.studyDate) ?? ""}</div>
                </td>
                <td>
                  {s.reviewState.toLowerCase().replace("_", " ")}
                  <div className="muted">{s.design === "SINGLE" ? "single" : "double blinded"}</div>
                </td>
                <td>
                  {s.readings.length === 0 ? <span className="muted">none</span> : null}
                  {s.readings.map((r) => (
                    <div key={r.id}>
                      {r.role.toLowerCase()}: {r.readerName ?? "—"} · {r.status.toLowerCase().replace("_", " ")}
                      {r.status === "ASSIGNED" || r.status === "IN_PROGRESS" ? <ReadingActions reading={r} readers={readers} /> : null}
                    </div>
                  ))}
                </td>
                <td>
                  {s.reviewState === "ADJUDICATION" ? (
                    <form className="row" aria-label={`Adjudicator for ${s.description ?? s.id}`} onSubmit={(e) => onAdjudicate(e, s)}>
                      <label>
                        Adjudicator
                        <select name="adjudicator" required>
                          {readerOptions}
                        </select>
                      </label>
                      <button type="submit" className="primary">
                        Assign adjudicator
                      </button>
                    </form>
                  ) : (
                    <form className="row" aria-label={`Readers for ${s.description ?? s.id}`} onSubmit={(e) => onAssign(e, s)}>
                      <label>
                        Design
                        <select name="design" value={design} onChange={(e) => setDesigns((d) => ({ ...d, [s.id]: e.target.value }))}>
                          <option value="SINGLE">single</option>
                          <option value="DOUBLE_BLINDED">double blinded</option>
                        </select>
                      </label>
                      <label>
                        {design === "SINGLE" ? "Reader" : "First reader"}
                        <select name="reader1" required>
                          {readerOptions}
                        </select>
                      </label>
                      {design === "DOUBLE_BLINDED" ? (
                        <label>
                          Second reader
                          <select name="reader2" required defaultValue={readers[1]?.id}>
                            {readerOptions}
                          </select>
                        </label>
                      ) : null}
                      <button type="submit" className="primary">
                        Assign
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {studies.length === 0 ? <p className="muted">Every study is signed.</p> : null}
    </>
  );
}
