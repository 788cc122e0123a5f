"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { useRowCursor } from "@/components/use-row-cursor";
import type { TWorklistRow } from "@/lib/review/worklist";
import { dicomDateOf, personNameOf } from "@/lib/format/dicom-human";
import { sortWorklist, type TWorklistSort } from "@/lib/review/worklist-order";

const LEVELS = ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"] as const;
const STATES = ["NEW", "PRE_ANNOTATED", "IN_REVIEW", "ADJUDICATION", "SIGNED"] as const;

const label = (s: string) => s.toLowerCase().replace(/_/g, " ");
/** DICOM text (already cut to PS3.5's lengths by studyHeaderOf) wraps anywhere rather than widen the table. */
const WRAP = { overflowWrap: "anywhere" } as const;

/**
 * The worklist table: filters (state, assignee, finding, level, only mine), by default my
 * studies first (unread, then in progress), then the rest by AI severity, signed last
 * (lib/review/worklist-order); sort by AI severity, uncertainty or date; ↑/↓ or j/k to move and
 * Enter to open. Polls while a pipeline runs, for its progress.
 */
export function WorklistTable({ initialRows }: { initialRows: TWorklistRow[] }) {
  const router = useRouter();
  const [rows, setRows] = useState(initialRows);
  const [state, setState] = useState("");
  const [assignee, setAssignee] = useState("");
  const [finding, setFinding] = useState("");
  const [level, setLevel] = useState("");
  const [sort, setSort] = useState<TWorklistSort>("mine");
  const [onlyMine, setOnlyMine] = useState(false);
  const tableRef = useRef<HTMLTableElement>(null);

  const running = rows.some((r) => r.pipelineStatus === "RUNNING" || r.pipelineStatus === "QUEUED");
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(async () => {
      const response = await fetch("/api/worklist");
      if (response.ok) setRows(((await response.json()) as { rows: TWorklistRow[] }).rows);
    }, 2000);
    return () => clearInterval(timer);
  }, [running]);

  const assignees = useMemo(() => [...new Set(rows.map((r) => r.assignee).filter((a): a is string => a !== null))].sort(), [rows]);
  const visible = useMemo(() => {
    const filtered = rows.filter((r) => {
      if (onlyMine && r.mine === null) return false;
      if (state && r.reviewState !== state) return false;
      if (assignee === "-" ? r.assignee !== null : assignee && r.assignee !== assignee) return false;
      const findings = level ? r.findings.filter((f) => f.level === level) : r.findings;
      if (finding && !findings.some((f) => f.diagnosis === finding)) return false;
      if (level && !finding && findings.length === 0) return false;
      return true;
    });
    return sortWorklist(filtered, sort);
  }, [rows, state, assignee, finding, level, sort, onlyMine]);

  const { selected, setSelected, onKeyDown } = useRowCursor(visible.length, {
    onOpen: (index) => {
      const row = visible[index];
      if (row) router.push(`/studies/${row.id}`);
    },
  });
  // The row under the cursor is the likely next click: fetch the viewer's code and route ahead of it.
  const selectedId = visible[selected]?.id;
  useEffect(() => {
    if (selectedId) router.prefetch(`/studies/${selectedId}`);
  }, [router, selectedId]);

  return (
    <>
      <div className="row worklist-filters">
        <label>
          State
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">All</option>
            {STATES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
          </select>
        </label>
        <label>
          Assignee
          <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="">Anyone</option>
            <option value="-">Unassigned</option>
            {assignees.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label>
          AI finding
          <select value={finding} onChange={(e) => setFinding(e.target.value)}>
            <option value="">Any</option>
            <option value="herniation">Herniation</option>
            <option value="bulge">Bulge</option>
            <option value="normal">Normal</option>
          </select>
        </label>
        <label>
          Level
          <select value={level} onChange={(e) => setLevel(e.target.value)}>
            <option value="">Any</option>
            {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as TWorklistSort)} data-testid="worklist-sort">
            <option value="mine">My studies first</option>
            <option value="severity">AI severity</option>
            <option value="uncertainty">AI uncertainty</option>
            <option value="date">Last change</option>
          </select>
        </label>
        <label style={{ flexDirection: "row", alignItems: "center" }}>
          <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} data-testid="only-mine" /> Only mine ({rows.filter((r) => r.mine !== null).length})
        </label>
        <span className="muted">↑/↓ or j/k to move, Enter to open · {visible.length} of {rows.length}</span>
      </div>
      <table className="card worklist" data-testid="worklist" ref={tableRef} tabIndex={0} onKeyDown={onKeyDown} aria-label="Studies; use the arrow keys and Enter">
        <thead>
          <tr>
            <th scope="col">Patient</th>
            <th scope="col">Accession</th>
            <th scope="col">Date</th>
            <th scope="col">Description</th>
            <th scope="col">AI</th>
            <th scope="col">Findings</th>
            <th scope="col">Review</th>
            <th scope="col">Assignee</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((r, index) => (
            <tr key={r.id} className={index === selected ? "selected" : undefined} data-selected={index === selected ? "true" : undefined} onClick={() => setSelected(index)} onDoubleClick={() => router.push(`/studies/${r.id}`)} data-study-id={r.id}>
              <td style={WRAP}>
                <a href={`/studies/${r.id}`}>{personNameOf(r.patientName) ?? "—"}</a> <span className="muted">{r.patientId}</span>
              </td>
              <td style={WRAP}>{r.accessionNumber ?? <span className="muted">—</span>}</td>
              <td style={WRAP}>{dicomDateOf(r.studyDate) ?? "—"}</td>
              <td style={WRAP}>{r.description ?? "—"}</td>
              <td>
                {r.progress !== null ? (
                  <span className="progress" title={r.progressLabel ?? undefined}>
                    <progress max={1} value={r.progress} aria-label="Pipeline progress" /> {Math.round(r.progress * 100)}%
                  </span>
                ) : (
                  label(r.pipelineStatus)
                )}
              </td>
              <td>
                <span className="chips" data-source={r.findingsSource} title={r.findingsSource === "SIGNED" ? "Signed findings" : "AI findings"}>
                  {r.findingsSource === "SIGNED" ? <span className="muted">signed </span> : null}
                  {LEVELS.map((l) => {
                    const f = r.findings.find((x) => x.level === l);
                    return (
                      <span key={l} className={`chip ${f?.diagnosis ?? "none"}`} title={f ? `${l}: ${f.diagnosis}${f.confidence !== null ? ` (${Math.round(f.confidence * 100)}%)` : ""}` : `${l}: no finding`}>
                        {l} {f ? f.diagnosis[0]!.toUpperCase() : "–"}
                      </span>
                    );
                  })}
                </span>
              </td>
              <td>{label(r.reviewState)}</td>
              <td>{r.assignee ?? <span className="muted">—</span>}{r.mine ? <span className="badge" data-testid="mine"> {r.mine === "ASSIGNED" ? "mine · unread" : "mine · in progress"}</span> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
