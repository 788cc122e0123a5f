"use client";

import { useState, type DragEvent } from "react";
import { entriesOfDrop, filesOfInput, readDroppedFiles, type PickedFile } from "./read-dropped-files";
import { chunkFiles, uploadChunk, type TUploadOutcome } from "./upload-chunk";

const LABELS: Record<TUploadOutcome["status"], string> = { imported: "imported", "already-imported": "duplicate", skipped: "rejected" };

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/**
 * Drag a folder or zip (or pick one), upload it in chunks with a progress bar (bytes sent, files
 * processed) and list every file's outcome. DICOM text (series descriptions) is shown as text:
 * React escapes it.
 */
export function ImportUploader() {
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [total, setTotal] = useState({ files: 0, bytes: 0 });
  const [sent, setSent] = useState(0);
  const [outcomes, setOutcomes] = useState<TUploadOutcome[]>([]);
  const [status, setStatus] = useState("");

  async function upload(files: PickedFile[]) {
    if (files.length === 0 || busy) return;
    setBusy(true);
    setOutcomes([]);
    setSent(0);
    const bytes = files.reduce((n, f) => n + f.file.size, 0);
    setTotal({ files: files.length, bytes });
    setStatus(`Uploading ${files.length} file(s)…`);
    let done = 0;
    const all: TUploadOutcome[] = [];
    for (const chunk of chunkFiles(files)) {
      const base = done;
      const results = await uploadChunk(chunk, (chunkSent) => setSent(base + chunkSent));
      done += chunk.reduce((n, f) => n + f.file.size, 0);
      all.push(...results);
      setOutcomes([...all]);
    }
    const count = (s: TUploadOutcome["status"]) => all.filter((o) => o.status === s).length;
    setStatus(`Done: ${count("imported")} imported, ${count("already-imported")} duplicate, ${count("skipped")} rejected.`);
    setBusy(false);
  }

  async function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    const entries = entriesOfDrop(event.dataTransfer);
    await upload(await readDroppedFiles(entries));
  }

  return (
    <>
      <section
        className={`card import-drop${dragging ? " dragging" : ""}`}
        aria-label="Drop a folder or a zip here"
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => void onDrop(e)}
      >
        <p>Drag a DICOM folder or a zip here, or choose one:</p>
        <div className="row">
          <label>
            A folder
            <input
              type="file"
              multiple
              disabled={busy}
              data-testid="folder-input"
              ref={(el) => el?.setAttribute("webkitdirectory", "")}
              onChange={(e) => void upload(filesOfInput(e.currentTarget.files))}
            />
          </label>
          <label>
            Files or zips
            <input type="file" multiple disabled={busy} data-testid="files-input" onChange={(e) => void upload(filesOfInput(e.currentTarget.files))} />
          </label>
        </div>
      </section>

      {total.files > 0 ? (
        <section className="import-progress" aria-label="Upload progress">
          <progress max={Math.max(1, total.bytes)} value={sent} aria-label="Bytes sent" />
          <p className="muted" data-testid="import-progress">
            {mb(sent)} / {mb(total.bytes)} MB sent · {outcomes.length} / {total.files} files processed
          </p>
        </section>
      ) : null}
      <p role="status" data-testid="import-status">
        {status}
      </p>

      {outcomes.length > 0 ? (
        <table className="card import-outcomes" data-testid="import-outcomes">
          <thead>
            <tr>
              <th>File</th>
              <th>Outcome</th>
              <th>Series</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {outcomes.map((o, i) => (
              <tr key={`${i}:${o.path}`} data-status={o.status}>
                <td className="path">{o.path}</td>
                <td>
                  <span className={`badge outcome-${o.status}`}>{LABELS[o.status]}</span>
                </td>
                <td>{o.seriesDescription ?? ""}</td>
                <td className={o.status === "skipped" ? "error" : "muted"}>{o.status === "skipped" ? o.reason : o.warnings?.length ? o.warnings.join(" ") : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
