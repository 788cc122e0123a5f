"use client";

import { hotkeyOf, TOOL_LABELS, type TTool } from "@/lib/viewer/tools";

const TOOLS: TTool[] = ["default", "window", "pan", "zoom", "edit", "draw", "length"];
const EDIT_TOOLS: ReadonlySet<TTool> = new Set(["edit", "draw", "length"]);

/**
 * The viewer's tool strip: one pressed button per tool with its hotkey, then invert, reset and
 * the hotkey help. The edit tools are disabled when the reading shown is not editable.
 */
export function ToolBar(props: { tool: TTool; editable: boolean; invert: boolean; onTool: (tool: TTool) => void; onInvert: () => void; onReset: () => void; onHelp: () => void }) {
  return (
    <div className="tool-bar" role="toolbar" aria-label="Viewer tools" data-testid="tool-bar" style={{ display: "flex", flexWrap: "wrap", gap: 4, margin: "4px 0" }}>
      {TOOLS.map((t) => (
        <button
          key={t}
          type="button"
          className={`secondary${props.tool === t ? " pressed" : ""}`}
          aria-pressed={props.tool === t}
          data-testid={`tool-${t}`}
          disabled={EDIT_TOOLS.has(t) && !props.editable}
          title={`${TOOL_LABELS[t]} (${hotkeyOf(t)})`}
          onClick={() => props.onTool(t)}
          style={props.tool === t ? { outline: "2px solid var(--accent)" } : undefined}
        >
          {TOOL_LABELS[t]} <kbd>{hotkeyOf(t)}</kbd>
        </button>
      ))}
      <button type="button" className="secondary" aria-pressed={props.invert} data-testid="tool-invert" onClick={props.onInvert} title="Invert (I)">
        Invert <kbd>I</kbd>
      </button>
      <button type="button" className="secondary" data-testid="tool-reset" onClick={props.onReset} title="Reset zoom, pan, window and invert (R)">
        Reset <kbd>R</kbd>
      </button>
      <button type="button" className="secondary" data-testid="tool-help" onClick={props.onHelp} title="Hotkeys (?)">
        ? 
      </button>
    </div>
  );
}
