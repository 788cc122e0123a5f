"use client";

import { useEffect, useState, type FormEvent } from "react";

export interface TExportRow {
  id: string;
  format: string;
  status: string;
  progress: number;
  error: string | null;
}

export interface TVersionRow {
  id: string;
  name: string;
  version: number;
  labelSource: string;
  splitSeed: number;
  members: number;
  frozen: boolean;
  createdBy: string;
  exports: TExportRow[];
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

/** Create a version from all signed studies, freeze it, export it with a progress bar per export. */
export function DatasetsAdmin({ initialVersions }: { initialVersions: TVersionRow[] }) {
  const [versions, setVersions] = useState(initialVersions);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const running = versions.flatMap((v) => v.exports).filter((e) => e.status === "QUEUED" || e.status === "RUNNING");

  useEffect(() => {
    if (running.length === 0) return;
    const timer = setInterval(async () => {
      for (const job of running) {
        const result = await call(`/api/datasets/exports/${job.id}`, "GET");
        const fresh = result.export;
        if (fresh) setVersions((list) => list.map((v) => ({ ...v, exports: v.exports.map((e) => (e.id === fresh.id ? { ...e, ...fresh } : e)) })));
      }
    }, 1000);
    return () => clearInterval(timer);
    // Keyed on the ids only: the timer restarts when the set of running exports changes, not on every poll.
  }, [running.map((e) => e.id).join(",")]);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const studies = (await (await fetch("/api/datasets/signed-studies")).json()) as { studyIds?: string[]; error?: { message: string } };
    if (!studies.studyIds) return setMessage({ text: studies.error?.message ?? "Could not list signed studies.", ok: false });
    const result = await call("/api/datasets", "POST", {
      name: form.get("name"),
      labelSource: "FINAL",
      studyIds: studies.studyIds,
      splitSeed: Number(form.get("seed") || 42),
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
    setVersions((list) => list.map((x) => (x.id === v.id ? { ...x, exports: [job, ...x.exports] } : x)));
  }

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
      <form className="card row" onSubmit={onCreate} aria-label="New dataset version">
        <label>
          Name
          <input name="name" required pattern="[A-Za-z0-9._\-]+" placeholder="lumbar-reviewed" />
        </label>
        <label>
          Split seed
          <input name="seed" type="number" defaultValue={42} min={0} />
        </label>
        <button type="submit">New version from all signed studies (final labels)</button>
      </form>
      {message && <p className={message.ok ? "muted" : "error"} role="status">{message.text}</p>}
      <table aria-label="Dataset versions">
        <thead>
          <tr>
            <th>Dataset</th>
            <th>Labels</th>
            <th>Studies</th>
            <th>Seed</th>
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
              <td>{v.members}</td>
              <td>{v.splitSeed}</td>
              <td>{v.frozen ? "frozen" : <button onClick={() => void freeze(v)}>Freeze</button>}</td>
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
