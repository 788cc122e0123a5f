"use client";

import { CINE_FPS, type TPane } from "./use-layout";

/**
 * A pane's own buttons, top right: cine play/pause with its speed (frames per second) and
 * maximise/restore. The hotkeys C and O do the same for the active pane.
 */
export function PaneControls(props: { pane: TPane; maximised: boolean; playing: boolean; fps: number; onMaximise: () => void; onCine: () => void; onFps: (fps: number) => void }) {
  const small = { fontSize: 11, padding: "1px 6px", opacity: 0.85 } as const;
  return (
    <>
      <button type="button" className="secondary" style={small} aria-pressed={props.playing} data-testid={`cine-${props.pane}`} title={props.playing ? "Pause cine (C)" : "Play cine (C)"} onClick={props.onCine}>
        {props.playing ? "❚❚" : "▶"} <kbd>C</kbd>
      </button>
      <select aria-label="Cine speed" data-testid={`cine-fps-${props.pane}`} value={props.fps} onChange={(e) => props.onFps(Number(e.target.value))} style={{ fontSize: 11, padding: "0 2px" }}>
        {CINE_FPS.map((f) => (
          <option key={f} value={f}>{f} fps</option>
        ))}
      </select>
      <button type="button" className="secondary" style={small} aria-pressed={props.maximised} data-testid={`maximise-${props.pane}`} title={props.maximised ? "Restore (O, Esc)" : "Maximise (O, double-click)"} onClick={props.onMaximise}>
        {props.maximised ? "⤡" : "⤢"} <kbd>O</kbd>
      </button>
    </>
  );
}
