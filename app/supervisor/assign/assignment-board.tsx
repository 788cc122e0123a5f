"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useRowCursor } from "@/components/use-row-cursor";
import type { TBoardStudy } from "@/lib/supervision/assignment-board";
import { filterBoard, NO_BOARD_FILTERS, type TBoardFilters } from "@/lib/supervision/board-filter";
import { dicomDateOf, personNameOf } from "@/lib/format/dicom-human";
import { BoardFilters } from "./board-filters";
import { BulkAssignBar } from "./bulk-assign-bar";
import { ReadingActions } from "./reading-actions";
import { RowAssignForm } from "./row-assign-form";
import type { TReader } from "./reader-fields";

const label = (s: string) => s.toLowerCase().replace(/_/g, " ");

/** DICOM text (already cut to PS3.5's lengths by studyHeaderOf) wraps anywhere rather than widen the table. */
const WRAP = { overflowWrap: "anywhere" } as const;

/**
 * One row per study: patient (or the study's pseudonym), accession, description, date and
 * series; its state and readings; its own assignment form. Filters narrow the rows in the
 * browser; checkboxes (or x on the cursor row) select rows for one bulk assignment; ↑/↓ or j/k
 * move the cursor and Enter opens the study, as in the worklist.
 */
export function AssignmentBoard({ studies, readers }: { studies: TBoardStudy[]; readers: TReader[] }) {
  const router = useRouter();
  const [status, setStatus] = useState<{ text: string; ok: boolean } | null>(null);
  const [filters, setFilters] = useState<TBoardFilters>(NO_BOARD_FILTERS);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const visible = useMemo(() => filterBoard(studies, filters), [studies, filters]);
  // Only rows the filters show take part in a bulk action: what is selected is what is seen.
  const selected = visible.filter((s) => chosen.has(s.id));
  const toggle = (id: string) => setChosen((set) => (set.has(id) ? new Set([...set].filter((x) => x !== id)) : new Set([...set, id])));
  const allShown = visible.length > 0 && selected.length === visible.length;
  const cursor = useRowCursor(visible.length, {
    onOpen: (i) => visible[i] && router.push(`/studies/${visible[i].id}`),
    onToggle: (i) => visible[i] && toggle(visible[i].id),
  });

  const done = (message: { ok: boolean; text: string }, clear = false) => {
    setStatus(message);
    if (!message.ok) return;
    if (clear) setChosen(new Set());
    router.refresh();
  };

  return (
    <>
      <BoardFilters filters={filters} onChange={setFilters} readers={readers} shown={visible.length} total={studies.length} />
      <BulkAssignBar selected={selected} readers={readers} onDone={(m) => done(m, true)} />
      <p role="status" className={status?.ok ? "ok" : "error"} data-testid="assign-status">
        {status?.text ?? ""}
      </p>
      <table data-testid="assignment-board" className="worklist" tabIndex={0} onKeyDown={cursor.onKeyDown} aria-label="Studies to assign; j/k or the arrow keys move, x selects, Enter opens">
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select every study shown"
                checked={allShown}
                onChange={() => setChosen((set) => (allShown ? new Set([...set].filter((id) => !visible.some((s) => s.id === id))) : new Set([...set, ...visible.map((s) => s.id)])))}
                data-testid="select-all"
              />
            </th>
            <th scope="col">Patient</th>
            <th scope="col">Accession</th>
            <th scope="col">Study</th>
            <th scope="col">State</th>
            <th scope="col">Readings</th>
            <th scope="col">Assign</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((s, index) => {
            const name = s.description ?? s.id;
            const series = [s.modalities.join("/"), `${s.seriesCount} series`].filter(Boolean).join(" · ");
            return (
              <tr key={s.id} data-study-id={s.id} className={index === cursor.selected ? "selected" : undefined} data-selected={index === cursor.selected ? "true" : undefined} onClick={() => cursor.setSelected(index)}>
                <td>
                  <input type="checkbox" aria-label={`Select ${name}${s.accessionNumber ? ` (${s.accessionNumber})` : ""}`} checked={chosen.has(s.id)} onChange={() => toggle(s.id)} />
                </td>
                <td data-testid="board-patient" style={WRAP}>
                  {s.identified ? (
                    <>
                      {personNameOf(s.patientName) ?? "—"}
                      <div className="muted">{s.patientId || "no patient ID"}</div>
                    </>
                  ) : (
                    <span title="You read this study blind: the patient's identity is withheld.">{s.patientName}</span>
                  )}
                </td>
                <td data-testid="board-accession" style={WRAP}>{s.accessionNumber ?? <span className="muted">—</span>}</td>
                <td style={WRAP}>
                  <a href={`/studies/${s.id}`}>{s.description ?? "(no description)"}</a>
                  <div className="muted">
                    {dicomDateOf(s.studyDate) ?? "no date"} · {series}
                  </div>
                </td>
                <td>
                  {label(s.reviewState)}
                  <div className="muted">{s.design === "SINGLE" ? "single" : "double blinded"}</div>
                </td>
                <td>
                  {s.readings.length === 0 ? <span className="muted">none</span> : null}
                  {s.readings.map((r) => (
                    <div key={r.id}>
                      {r.role.toLowerCase()}: {r.readerName ?? "—"} · {label(r.status)}
                      {r.status === "ASSIGNED" || r.status === "IN_PROGRESS" ? <ReadingActions reading={r} readers={readers} /> : null}
                    </div>
                  ))}
                </td>
                <td>
                  <RowAssignForm study={s} readers={readers} onDone={(m) => done(m)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {studies.length === 0 ? <p className="muted">Every study is signed.</p> : visible.length === 0 ? <p className="muted">No study matches the filters.</p> : null}
    </>
  );
}
