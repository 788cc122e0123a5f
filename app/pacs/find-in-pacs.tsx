"use client";

import { useState, type FormEvent } from "react";
import type { TPacsStudy } from "@/lib/pacs/find-in-pacs";
import { dicomDateOf, personNameOf } from "@/lib/format/dicom-human";
import type { TPullStreamLine } from "@/lib/pacs/pull-stream";
import type { TPullResult } from "@/lib/pacs/pull-study";
import { StatusMessage } from "@/components/status-message";

type TFound = { studies?: TPacsStudy[]; error?: { message: string } };

async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as T;
}

/** POSTs a retrieve and reads its NDJSON answer: progress lines, then the result or an error. */
async function pullWithProgress(body: unknown, onProgress: (p: Extract<TPullStreamLine, { progress: unknown }>["progress"]) => void): Promise<TPullResult | { error: { message: string } }> {
  const response = await fetch("/api/pacs/pull", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok || !response.body) return ((await response.json().catch(() => null)) as { error: { message: string } } | null) ?? { error: { message: "The retrieve failed." } };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffered += chunk.value;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const text of lines.filter(Boolean)) {
      const line = JSON.parse(text) as TPullStreamLine;
      if ("progress" in line) onProgress(line.progress);
      else if ("result" in line) return line.result;
      else return line;
    }
  }
  return { error: { message: "The retrieve stopped before it finished; Retrieve again to fetch the rest." } };
}

/** QIDO-RS search form, results with their series, and Retrieve (the whole study or one series). */
export function FindInPacs({ nodes }: { nodes: string[] }) {
  const [node, setNode] = useState(nodes[0] ?? "");
  const [studies, setStudies] = useState<TPacsStudy[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);

  async function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (k: string) => (String(form.get(k) ?? "").trim() || undefined);
    setBusy("search");
    const result = await post<TFound>("/api/pacs/find", { node, patientId: text("patientId"), date: text("date"), modality: text("modality"), description: text("description") });
    setBusy(null);
    if (result.studies) {
      setStudies(result.studies);
      setMessage({ text: `${result.studies.length} study(ies) found on ${node}.`, ok: true });
    } else setMessage({ text: result.error?.message ?? "The search failed.", ok: false });
  }

  async function retrieve(study: TPacsStudy, seriesInstanceUid?: string) {
    setBusy(seriesInstanceUid ?? study.studyInstanceUid);
    setMessage({ text: "Retrieving… (instances already in discern are skipped)", ok: true });
    const result = await pullWithProgress({ node, studyInstanceUid: study.studyInstanceUid, ...(seriesInstanceUid ? { seriesInstanceUids: [seriesInstanceUid] } : {}) }, (p) =>
      setMessage({ text: `Retrieving: ${p.retrieved + p.failed} of ${p.instancesTotal - p.alreadyStored} instance(s) (${p.alreadyStored} already in discern), ${(p.bytes / 1e6).toFixed(1)} MB`, ok: true }),
    );
    setBusy(null);
    if ("error" in result) {
      setMessage({ text: result.error.message, ok: false });
      return;
    }
    const problems = result.problems?.length ? ` ${result.problems.length} problem(s): ${result.problems[0]?.reason}` : "";
    setMessage({ text: `${result.imported ?? 0} imported, ${result.alreadyStored ?? 0} already in discern, ${result.failed ?? 0} failed; the AI analysis is queued.${problems}`, ok: !result.failed && !result.problems?.length });
    setStudies((list) => list?.map((s) => (s.studyInstanceUid === study.studyInstanceUid ? { ...s, instancesInDiscern: (result.alreadyStored ?? 0) + (result.imported ?? 0) } : s)) ?? null);
  }

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <form className="card row" onSubmit={onSearch} aria-label="Search a PACS">
        <label>
          PACS
          <select value={node} onChange={(e) => setNode(e.target.value)}>
            {nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Patient ID
          <input name="patientId" autoComplete="off" />
        </label>
        <label>
          Study date
          <input name="date" placeholder="YYYYMMDD or YYYYMMDD-YYYYMMDD" />
        </label>
        <label>
          Modality
          <input name="modality" defaultValue="MR" />
        </label>
        <label>
          Description
          <input name="description" />
        </label>
        <button className="primary" type="submit" disabled={busy !== null}>
          Search
        </button>
      </form>
      <StatusMessage message={message} />
      {studies?.map((study) => (
        <section key={study.studyInstanceUid} className="card" data-testid="pacs-study">
          <div className="row">
            <strong>{personNameOf(study.patientName) ?? "(no name)"}</strong>
            <span>{study.patientId}</span>
            <span>{dicomDateOf(study.studyDate)}</span>
            <span>{study.modalities}</span>
            <span>{study.description}</span>
            <span className="muted">
              {study.instances ?? "?"} instance(s), {study.instancesInDiscern} in discern
            </span>
            <button className="primary" disabled={busy !== null} onClick={() => void retrieve(study)}>
              {study.instancesInDiscern > 0 ? "Retrieve the rest" : "Retrieve"}
            </button>
          </div>
          <table>
            <tbody>
              {study.series.map((s) => (
                <tr key={s.seriesInstanceUid}>
                  <td>#{s.seriesNumber}</td>
                  <td>{s.modality}</td>
                  <td>{s.description}</td>
                  <td>{s.instances ?? "?"} instance(s)</td>
                  <td>
                    <button disabled={busy !== null} onClick={() => void retrieve(study, s.seriesInstanceUid)}>
                      Retrieve series
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
