"use client";

import { memo } from "react";
import type { TViewerSeries } from "@/lib/review/study-view";
import { seriesTitle } from "@/lib/viewer/hanging-protocol";

type TPane = "sag" | "ax";

/**
 * Every stack of the study: plane (from the orientation) and weighting, the Series Description
 * (DICOM text: rendered as React text, never as markup), series number, slice count (each frame
 * of a multi-frame image counts) and, for axial stacks, the disc levels of their slices. A click
 * opens the stack in the active pane; the arrows open it in the left or right pane. Memoised
 * (give it a stable `onOpen`): a slice change does not re-render it.
 */
export const SeriesBrowser = memo(function SeriesBrowser(props: { series: TViewerSeries[]; left: string | null; right: string | null; active: TPane; onOpen: (key: string, pane: TPane) => void }) {
  return (
    <section className="card" aria-label="Series" data-testid="series-browser">
      <h2 style={{ margin: "0 0 6px", fontSize: 14 }}>Series <span className="muted">({props.series.length})</span></h2>
      <ul style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: 2 }}>
        {props.series.map((s) => {
          const where = s.key === props.left ? "left" : s.key === props.right ? "right" : null;
          return (
            <li key={s.key} data-testid="series-row" data-key={s.key} data-plane={s.plane} data-count={s.images.length} data-shown={where ?? ""} style={{ display: "flex", gap: 4, alignItems: "center" }}>
              <button type="button" className={`secondary${where ? " pressed" : ""}`} style={{ flex: 1, textAlign: "left", fontSize: 12, padding: "3px 6px" }} onClick={() => props.onOpen(s.key, props.active)} title={`Open in the ${props.active === "sag" ? "left" : "right"} pane`}>
                <strong>{seriesTitle(s)}</strong>
                {s.seriesNumber !== null ? <span className="muted"> #{s.seriesNumber}</span> : null}
                {" · "}
                <span data-testid="series-count">{s.images.length}</span> {s.images.length === 1 ? "image" : "images"}
                {s.levels.length > 0 ? <span data-testid="series-levels"> · {s.levels.join(", ")}</span> : null}
                <br />
                <span className="muted">{s.description ?? "no description"}{s.part ? ` (${s.part})` : ""}</span>
                {where ? <span className="badge" style={{ marginLeft: 4 }}>{where}</span> : null}
              </button>
              <button type="button" className="secondary" style={{ fontSize: 11, padding: "2px 5px" }} aria-label="Open in the left pane" data-testid="series-open-left" onClick={() => props.onOpen(s.key, "sag")}>◀</button>
              <button type="button" className="secondary" style={{ fontSize: 11, padding: "2px 5px" }} aria-label="Open in the right pane" data-testid="series-open-right" onClick={() => props.onOpen(s.key, "ax")}>▶</button>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
