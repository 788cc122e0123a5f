"use client";

import type { TAnnotationData, TVertebraBoxData } from "@/lib/annotations/schemas";
import { VERTEBRA_LABELS, type TVertebraLabel } from "@/lib/phantom/truth";
import type { TStudyView } from "@/lib/review/study-view";
import { splitItemId, type TItemId } from "./edit-model";
import { ReadingControls } from "./reading-controls";

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

/** Reading status and controls (start, sign, amend, submit, release), undo/redo, drawing, window presets and the selected annotation. */
export function WorkflowCard(props: WorkflowCardProps) {
  const { view } = props;

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
      <ReadingControls view={view} flush={props.save.flush} onChanged={props.onChanged} />
      {view.editable ? (
        <div className="toolbar" style={{ marginTop: 6 }}>
          <button type="button" onClick={props.onUndo} disabled={!props.canUndo} title="Ctrl+Z">Undo</button>
          <button type="button" onClick={props.onRedo} disabled={!props.canRedo} title="Ctrl+Shift+Z">Redo</button>
          <button type="button" onClick={props.onDrawMode} aria-pressed={props.drawMode} title="B: draw a box on the active image">{props.drawMode ? "Drawing…" : "Add box"}</button>
        </div>
      ) : null}
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
          <span className="muted">Alt+arrows move (E)</span>
        </div>
      ) : null}
      <p className="muted" style={{ fontSize: 11, margin: "6px 0 0" }}>{view.canStart ? "S start reading · " : ""}↑/↓ or wheel slices · 1–5 levels · X switch pane · drag W/L, right-drag zoom, middle-drag pan, Ctrl+wheel zoom · E edit boxes · ? all keys</p>
    </section>
  );
}
