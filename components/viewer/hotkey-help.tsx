"use client";

import { useEffect, useRef } from "react";
import { FINDING_KEYS } from "@/lib/findings";

/** Every viewer hotkey, as the help sheet lists it (kept beside the handlers in viewer-app). */
export const VIEWER_HOTKEYS: ReadonlyArray<[string, string]> = [
  ["Left-drag", "Window/level (default tool)"],
  ["Right-drag / middle-drag", "Zoom / pan"],
  ["Wheel, ↑ ↓", "One slice per notch"],
  ["Ctrl + wheel", "Zoom about the pointer"],
  ["Click a reference line", "Jump to that slice"],
  ["Esc", "Reading tool (W/L); deselect; restore a maximised pane; stop cine"],
  ["W / P / Z", "Window/level, pan, zoom tool"],
  ["E", "Edit boxes (select, move, resize)"],
  ["B", "Draw a box"],
  ["M", "Length: herniation AP → canal AP → off"],
  ["I / R", "Invert / reset view"],
  ["X", "Switch pane"],
  ["O, double-click", "Maximise the active pane (again or Esc restores)"],
  ["C", "Cine: play / pause the active pane's slices (speed: the pane's fps menu)"],
  ["1–5", "Jump to L1-L2 … L5-S1 (the right pane opens that level's axial stack)"],
  ["F", "Focus the level's finding"],
  ["Delete, Alt + arrows", "Delete / nudge the selected box (edit tool)"],
  ["Ctrl+Z / Ctrl+Shift+Z", "Undo / redo one grouped edit"],
  ["S", "Start reading"],
  ["?", "This help"],
];

/** The hotkey sheet (a modal dialog; Esc or the button closes it, focus returns to the viewer). */
export function HotkeyHelp({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="hotkey-title" data-testid="hotkey-help" className="card"
      style={{ position: "fixed", top: 60, right: 20, zIndex: 50, maxWidth: 420, boxShadow: "0 4px 24px rgba(0,0,0,0.5)" }}
      onKeyDown={(e) => { if (e.key === "Escape" || e.key === "?") { e.stopPropagation(); e.preventDefault(); onClose(); } }}>
      <h2 id="hotkey-title" style={{ margin: "0 0 6px" }}>Viewer hotkeys</h2>
      <table style={{ fontSize: 12 }}>
        <tbody>
          {VIEWER_HOTKEYS.map(([k, what]) => (
            <tr key={k}><th scope="row" style={{ textAlign: "left", paddingRight: 12 }}><kbd>{k}</kbd></th><td>{what}</td></tr>
          ))}
        </tbody>
      </table>
      <h3 style={{ margin: "8px 0 4px", fontSize: 13 }}>In a level&apos;s finding (after F)</h3>
      <table style={{ fontSize: 12 }} data-testid="finding-hotkeys">
        <tbody>
          {FINDING_KEYS.map(({ keys, does }) => (
            <tr key={keys}><th scope="row" style={{ textAlign: "left", paddingRight: 12 }}><kbd>{keys}</kbd></th><td>{does}</td></tr>
          ))}
        </tbody>
      </table>
      <button ref={closeRef} type="button" className="secondary" onClick={onClose}>Close</button>
    </div>
  );
}
