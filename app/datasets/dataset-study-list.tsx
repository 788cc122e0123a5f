"use client";

import { useState } from "react";
import type { TDatasetStudyList } from "@/lib/datasets/dataset-studies";
import { dicomDateOf, personNameOf } from "@/lib/format/dicom-human";

/** DICOM text (already cut to PS3.5's lengths by studyHeaderOf) wraps anywhere rather than widen the table. */
const WRAP = { overflowWrap: "anywhere" } as const;

/**
 * A dataset's studies (members, or those eligible for a new version) in a disclosure that loads
 * them when first opened: identity is fetched, and its view audited, only when someone looks.
 * Patient ID and accession are left out by the server where the viewer may not identify the
 * patient (the pseudonym shows instead).
 */
export function DatasetStudyList({ url, summary, testId }: { url: string; summary: string; testId: string }) {
  const [list, setList] = useState<TDatasetStudyList | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    setError(null);
    const response = await fetch(url);
    const json = (await response.json().catch(() => ({}))) as TDatasetStudyList & { error?: { message?: string } };
    if (!response.ok) return setError(json.error?.message ?? `Failed (${response.status}).`);
    setList(json);
  }

  return (
    <details data-testid={testId} onToggle={(e) => (e.currentTarget.open && list === null ? void load() : undefined)}>
      <summary>{summary}</summary>
      {error ? <p className="error" role="status">{error}</p> : null}
      {list === null && !error ? <p className="muted">Loading…</p> : null}
      {list ? (
        <table aria-label={summary}>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Accession</th>
              <th scope="col">Description</th>
              <th scope="col">Date</th>
              <th scope="col">Series</th>
              {list.studies.some((s) => s.split) ? <th scope="col">Split</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.studies.map((s) => (
              <tr key={s.id} data-study-id={s.id}>
                <td style={WRAP}>
                  {s.identified ? personNameOf(s.patientName) ?? "—" : s.patientName}
                  {s.identified ? <div className="muted">{s.patientId || "no patient ID"}</div> : null}
                </td>
                <td style={WRAP}>{s.accessionNumber ?? <span className="muted">—</span>}</td>
                <td style={WRAP}>{s.description ?? <span className="muted">(no description)</span>}</td>
                <td>{dicomDateOf(s.studyDate) ?? "—"}</td>
                <td>{[s.modalities.join("/"), `${s.seriesCount}`].filter(Boolean).join(" · ")}</td>
                {s.split ? <td>{s.split.toLowerCase()}</td> : null}
              </tr>
            ))}
            {list.studies.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">No studies.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
      {list && list.total > list.studies.length ? <p className="muted">First {list.studies.length} of {list.total}.</p> : null}
    </details>
  );
}
