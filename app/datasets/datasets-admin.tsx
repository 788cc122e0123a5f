"use client";

import { useEffect, useState, type FormEvent } from "react";
import type { TExportArchive } from "@/lib/datasets/export-archive";
import type { TSplitSummary } from "@/lib/datasets/split-summary";
import { DatasetStudyList } from "./dataset-study-list";
import { SplitTable } from "./split-table";
import { ConfirmDialog } from "@/components/confirm-dialog";

export interface TExportRow {
  id: string;
  format: string;
  status: string;
  progress: number;
  error: string | null;
  /** The zip to download once DONE (null while running, or for exports made before archives). */
  archive: TExportArchive | null;
}

export interface TVersionRow {
  id: string;
  name: string;
  version: number;
  labelSource: string;
  splitSeed: number;
  /** "70/15/15" (train/val/test, percent). */
  splitFractions: string;
  members: number;
  frozen: boolean;
  createdBy: string;
  exports: TExportRow[];
  summary: TSplitSummary;
}

interface TApi {
  error?: { message: string };
  export?: TExportRow;
  versions?: unknown;
}

async function call(url: string, method: string, body?: unknown): Promise<TApi> {
  const response = await fetch(url, { method, headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return (await response.json()) as TApi;
}

/**
 * Create a version (label source, split fractions and seed) from every study eligible under that
 * source, freeze it, export it with a progress bar per export, download the zip (sha256 shown).
 */
export function DatasetsAdmin({ initialVersions, readers }: { initialVersions: TVersionRow[]; readers: Array<{ id: string; name: string; role: string }> }) {
  const [versions, setVersions] = useState(initialVersions);
  const [source, setSource] = useState("FINAL");
  const [readerId, setReaderId] = useState(readers[0]?.id ?? "");
  const eligibleUrl = `/api/datasets/studies?${new URLSearchParams({ labelSource: source, ...(source === "READER" && readerId ? { readerId } : {}) })}`;
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  // Freezing is irreversible: confirmed with a summary first (issue 17).
  const [freezing, setFreezing] = useState<TVersionRow | null>(null);
  const running = versions.flatMap((v) => v.exports).filter((e) => e.status === "QUEUED" || e.status === "RUNNING");

  useEffect(() => {
    if (running.length === 0) return;
    const timer = setInterval(async () => {
      for (const job of running) {
        const result = await call(`/api/datasets/exports/${job.id}`, "GET");
        const fresh = result.export;
        // The status route returns the raw summary; the zip's checksum and size live in summary.archive.
        const archive = (fresh as { summary?: { archive?: TExportArchive } } | undefined)?.summary?.archive ?? null;
        if (fresh) setVersions((list) => list.map((v) => ({ ...v, exports: v.exports.map((e) => (e.id === fresh.id ? { ...e, ...fresh, archive } : e)) })));
      }
    }, 1000);
    return () => clearInterval(timer);
    // Keyed on the ids only: the timer restarts when the set of running exports changes, not on every poll.
  }, [running.map((e) => e.id).join(",")]);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const reader = source === "READER" ? readerId : "";
    const query = new URLSearchParams({ labelSource: source, ...(reader ? { readerId: reader } : {}) });
    const studies = (await (await fetch(`/api/datasets/eligible-studies?${query}`)).json()) as { studyIds?: string[]; error?: { message: string } };
    if (!studies.studyIds) return setMessage({ text: studies.error?.message ?? "Could not list the eligible studies.", ok: false });
    if (studies.studyIds.length === 0) return setMessage({ text: "No study has labels from this source yet.", ok: false });
    const percent = (key: string) => Number(form.get(key) || 0) / 100;
    const result = await call("/api/datasets", "POST", {
      name: form.get("name"),
      labelSource: source,
      ...(reader ? { readerId: reader } : {}),
      studyIds: studies.studyIds,
      splitSeed: Number(form.get("seed") || 42),
      splitFractions: { train: percent("train"), val: percent("val"), test: percent("test") },
    });
    if (result.error) return setMessage({ text: result.error.message, ok: false });
    window.location.reload();
  }

  async function freeze(v: TVersionRow) {
    const result = await call(`/api/datasets/${v.id}/freeze`, "POST");
    if (result.error) return setMessage({ text: result.error.message, ok: false });
    setVersions((list) => list.map((x) => (x.id === v.id ? { ...x, frozen: true } : x)));
    setMessage({ text: `${v.name} v${v.version} frozen.`, ok: true });
  }

  async function startExport(v: TVersionRow, format: string) {
    const result = await call(`/api/datasets/${v.id}/exports`, "POST", { format });
    const job = result.export;
    if (!job) return setMessage({ text: result.error?.message ?? "Could not start the export.", ok: false });
    setVersions((list) => list.map((x) => (x.id === v.id ? { ...x, exports: [{ ...job, archive: null }, ...x.exports] } : x)));
  }

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      {freezing ? (
        <ConfirmDialog
          title={`Freeze ${freezing.name} v${freezing.version}?`}
          summary={<p style={{ margin: 0 }}>{freezing.members} studies · labels from {freezing.labelSource.toLowerCase()} · split {freezing.splitFractions} (seed {freezing.splitSeed}). A frozen version can no longer change; exports are made from it.</p>}
          confirmLabel="Freeze"
          onCancel={() => setFreezing(null)}
          onConfirm={() => {
            const v = freezing;
            setFreezing(null);
            void freeze(v);
          }}
        />
      ) : null}
      <form className="card row" onSubmit={onCreate} aria-label="New dataset version">
        <label>
          Name
          <input name="name" required pattern="[A-Za-z0-9._\-]+" placeholder="lumbar-reviewed" />
        </label>
        <label>
          Labels
          <select name="labelSource" value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="FINAL">Final signed readings</option>
            <option value="READER">One reader&apos;s signed (or submitted) work</option>
            <option value="AI">AI readings (unreviewed)</option>
          </select>
        </label>
        {source === "READER" && (
          <label>
            Reader
            <select name="readerId" required value={readerId} onChange={(e) => setReaderId(e.target.value)}>
              {readers.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.role.toLowerCase()})
                </option>
              ))}
            </select>
          </label>
        )}
        <fieldset className="row">
          <legend>Split by patient, % train / validation / test</legend>
          <input name="train" type="number" defaultValue={70} min={0} max={100} aria-label="Train percent" style={{ width: 64 }} />
          <input name="val" type="number" defaultValue={15} min={0} max={100} aria-label="Validation percent" style={{ width: 64 }} />
          <input name="test" type="number" defaultValue={15} min={0} max={100} aria-label="Test percent" style={{ width: 64 }} />
        </fieldset>
        <label>
          Split seed
          <input name="seed" type="number" defaultValue={42} min={0} />
        </label>
        <button type="submit">New version from every eligible study</button>
      </form>
      <DatasetStudyList key={eligibleUrl} url={eligibleUrl} summary="Studies a new version would hold under these labels" testId="eligible-studies" />
      {message && <p className={message.ok ? "muted" : "error"} role="status">{message.text}</p>}
      <table aria-label="Dataset versions">
        <thead>
          <tr>
            <th>Dataset</th>
            <th>Labels</th>
            <th>Studies</th>
            <th>Split (seed)</th>
            <th>State</th>
            <th>Exports</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <td>
                {v.name} v{v.version}
                <div className="muted">by {v.createdBy}</div>
              </td>
              <td>{v.labelSource}</td>
              <td>
                {v.members}
                <DatasetStudyList url={`/api/datasets/${v.id}/studies`} summary="Member studies" testId={`members-${v.id}`} />
                <details>
                  <summary>Splits by level and class</summary>
                  <SplitTable summary={v.summary} />
                </details>
              </td>
              <td>
                {v.splitFractions} ({v.splitSeed})
              </td>
              <td>{v.frozen ? "frozen" : <button onClick={() => setFreezing(v)}>Freeze</button>}</td>
              <td>
                {v.frozen && (
                  <div className="row">
                    {["coco", "classification", "dicom"].map((f) => (
                      <button key={f} onClick={() => void startExport(v, f)}>
                        Export {f}
                      </button>
                    ))}
                  </div>
                )}
                {v.exports.map((e) => (
                  <div key={e.id} className="progress">
                    <span>{e.format}</span>
                    <progress max={1} value={e.progress} aria-label={`${e.format} export progress`} />
                    <span className={e.status === "FAILED" ? "error" : "muted"}>{e.status === "FAILED" ? e.error : e.status.toLowerCase()}</span>
                    {e.status === "DONE" && e.archive && (
                      <span>
                        <a href={`/api/datasets/exports/${e.id}/archive`} download={e.archive.fileName}>
                          Download zip ({(e.archive.bytes / 1e6).toFixed(1)} MB, {e.archive.files} files)
                        </a>{" "}
                        <code title="sha256 of the zip">sha256 {e.archive.sha256}</code>
                      </span>
                    )}
                  </div>
                ))}
              </td>
            </tr>
          ))}
          {versions.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No dataset versions yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
