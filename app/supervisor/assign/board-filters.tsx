"use client";

import type { TBoardFilters } from "@/lib/supervision/board-filter";

const STATES = ["NEW", "PRE_ANNOTATED", "IN_REVIEW", "ADJUDICATION"] as const;
const label = (s: string) => s.toLowerCase().replace(/_/g, " ");

/** The board's filters: state, reader, unassigned only, and a search over description, accession, patient ID and name. */
export function BoardFilters({
  filters,
  onChange,
  readers,
  shown,
  total,
}: {
  filters: TBoardFilters;
  onChange: (filters: TBoardFilters) => void;
  readers: Array<{ id: string; name: string }>;
  shown: number;
  total: number;
}) {
  const set = (patch: Partial<TBoardFilters>) => onChange({ ...filters, ...patch });
  return (
    <div className="row worklist-filters" role="search" aria-label="Filter studies">
      <label>
        Search
        <input type="search" value={filters.text} onChange={(e) => set({ text: e.target.value })} placeholder="description, accession, patient ID" data-testid="board-search" />
      </label>
      <label>
        Status
        <select value={filters.state} onChange={(e) => set({ state: e.target.value })} data-testid="board-state">
          <option value="">All</option>
          {STATES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
        </select>
      </label>
      <label>
        Assigned reader
        <select value={filters.readerId} onChange={(e) => set({ readerId: e.target.value })} data-testid="board-reader">
          <option value="">Anyone</option>
          {readers.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </select>
      </label>
      <label style={{ flexDirection: "row", alignItems: "center" }}>
        <input type="checkbox" checked={filters.unassigned} onChange={(e) => set({ unassigned: e.target.checked })} data-testid="board-unassigned" /> Unassigned only
      </label>
      <span className="muted" data-testid="board-count">
        {shown} of {total} · ↑/↓ or j/k to move, x to select, Enter to open
      </span>
    </div>
  );
}
