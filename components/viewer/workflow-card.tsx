"use client";

import { useState } from "react";
import type { TAnnotationData, TVertebraBoxData } from "@/lib/annotations/schemas";
import { VERTEBRA_LABELS, type TVertebraLabel } from "@/lib/phantom/truth";
import type { TStudyView } from "@/lib/review/study-view";
import { splitItemId, type TItemId } from "./edit-model";

export interface WorkflowCardProps {
  view: TStudyView;
  save: { flush: () => Promise<boolean>; status: string };
  /** Whether this reading has saved revisions of its own. */
  hasSaved: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  drawMode: boolean;
  onDrawMode: () => void;
  onPreset: (kind: "default" | "full" | "narrow" | "wide") => void;
  /** After sign or amend: the page reloads with the new reading. */
  onChanged: () => void;
  selected: { id: TItemId; data: TAnnotationData } | null;
  onRelabel: (id: TItemId, label: TVertebraLabel) => void;
  onDelete: (id: TItemId) => void;
  vertebrae: Array<{ id: TItemId; label: string }>;
  onSelect: (id: TItemId) => void;
}

/** Reading status, sign/amend, undo/redo, drawing, window presets and the selected annotation. */
export function WorkflowCard(props: WorkflowCardProps) {
  const { view } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const post = async (url: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      if (!(await props.save.flush())) throw new Error("Unsaved changes could not be saved; resolve that first.");
      const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? "The request failed.");
      props.onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const selectedKind = props.selected ? splitItemId(props.selected.id).kind : null;
  // The first save starts an assigned reading (lib/review saveEdits); show that without a reload.
  const status = view.reading?.status === "ASSIGNED" && props.hasSaved ? "IN_PROGRESS" : view.reading?.status;
  return (
    <section className="card" aria-labelledby="reading-title">
      <h2 id="reading-title" style={{ margin: "0 0 6px" }}>Reading</h2>
      <p className="muted" style={{ margin: "0 0 6px" }} data-testid="reading-status">
        {view.reading ? `${view.reading.role.toLowerCase()} · ${(status ?? "").toLowerCase().replace("_", " ")}${view.reading.readerName ? ` · ${view.reading.readerName}` : ""}` : "No reading"}
        {view.reading?.amendsId ? " · amendment" : ""}
        {view.editable && !view.canDiagnose ? " · annotator mode (boxes and levels)" : ""}
      </p>
      <div className="toolbar">
        {view.canSign ? <button type="button" className="primary" disabled={busy} onClick={() => post(`/api/readings/${view.reading!.id}/sign`, {})}>Sign</button> : null}
        {view.canAmend ? <button type="button" disabled={busy} onClick={() => post(`/api/readings/${view.reading!.id}/amend`, {})}>Amend</button> : null}
        {view.editable ? (
          <>
            <button type="button" onClick={props.onUndo} disabled={!props.canUndo} title="Ctrl+Z">Undo</button>
            <button type="button" onClick={props.onRedo} disabled={!props.canRedo} title="Ctrl+Shift+Z">Redo</button>
            <button type="button" onClick={props.onDrawMode} aria-pressed={props.drawMode} title="B: draw a box on the active image">{props.drawMode ? "Drawing…" : "Add box"}</button>
          </>
        ) : null}
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <div className="toolbar" style={{ marginTop: 6 }} aria-label="Window presets">
        <span className="muted">W/L</span>
        <button type="button" onClick={() => props.onPreset("default")} title="R">Default</button>
        <button type="button" onClick={() => props.onPreset("full")}>Full</button>
        <button type="button" onClick={() => props.onPreset("narrow")}>Narrow</button>
        <button type="button" onClick={() => props.onPreset("wide")}>Wide</button>
      </div>
      <div className="toolbar" style={{ marginTop: 6 }} aria-label="Vertebra boxes">
        <span className="muted">Boxes</span>
        {props.vertebrae.sort((a, b) => a.label.localeCompare(b.label)).map((v) => (
          <button type="button" key={v.id} aria-pressed={props.selected?.id === v.id} onClick={() => props.onSelect(v.id)}>{v.label}</button>
        ))}
      </div>
      {props.selected && view.editable ? (
        <div className="toolbar" style={{ marginTop: 6 }} data-testid="selected-annotation">
          <span className="muted">Selected {selectedKind === "VERTEBRA_BOX" ? (props.selected.data as TVertebraBoxData).label : "ROI"}</span>
          {selectedKind === "VERTEBRA_BOX" ? (
            <select aria-label="Vertebra label" value={(props.selected.data as TVertebraBoxData).label} onChange={(e) => props.onRelabel(props.selected!.id, e.target.value as TVertebraLabel)}>
              {VERTEBRA_LABELS.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
          ) : null}
          <button type="button" className="danger" onClick={() => props.onDelete(props.selected!.id)} title="Delete">Delete</button>
          <span className="muted">Alt+arrows move</span>
        </div>
      ) : null}
      <p className="muted" style={{ fontSize: 11, margin: "6px 0 0" }}>↑/↓ slices · 1–5 levels · X switch pane · wheel scroll, Ctrl+wheel zoom, drag pan, right-drag W/L</p>
    </section>
  );
}
