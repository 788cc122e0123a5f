/**
 * The viewer's tools and what a mouse gesture does under each (OHIF's defaults: left-drag is
 * window/level, right-drag zoom, middle-drag pan, wheel scrolls slices). Only the edit tool and
 * the draw tool can change an annotation: in every other tool, boxes are not draggable and a
 * press on one does not select it, so AI annotations are never moved by accident (issue 17).
 */

export type TTool = "default" | "edit" | "draw" | "length" | "pan" | "zoom" | "window";

/** A drag in a viewport: what it changes. */
export type TGesture = "window" | "zoom" | "pan" | "draw" | "measure" | "edit" | "none";

/** The tools by hotkey (lower case); Escape returns to "default". */
export const TOOL_HOTKEYS: Readonly<Record<string, TTool>> = { e: "edit", b: "draw", m: "length", p: "pan", z: "zoom", w: "window" };

export const TOOL_LABELS: Readonly<Record<TTool, string>> = {
  default: "Read (W/L)",
  edit: "Edit boxes",
  draw: "Draw box",
  length: "Length (mm)",
  pan: "Pan",
  zoom: "Zoom",
  window: "Window/level",
};

/** The hotkey of each tool, for the toolbar and the help sheet ("Esc" for default). */
export function hotkeyOf(tool: TTool): string {
  if (tool === "default") return "Esc";
  const key = Object.entries(TOOL_HOTKEYS).find(([, t]) => t === tool)?.[0];
  return key ? key.toUpperCase() : "";
}

/**
 * What a drag starting with mouse `button` (MouseEvent.button: 0 left, 1 middle, 2 right) does
 * under `tool`. `onBox` says the press landed on an annotation box. Right-drag is always zoom and
 * middle-drag always pan; the left button does the tool's action. A left press on a box edits it
 * only in the edit tool; elsewhere it does the tool's image action as if the box were not there.
 */
export function gestureFor(tool: TTool, button: number, onBox: boolean): TGesture {
  if (button === 2) return "zoom";
  if (button === 1) return "pan";
  if (button !== 0) return "none";
  switch (tool) {
    case "edit":
      return onBox ? "edit" : "none";
    case "draw":
      return "draw";
    case "length":
      return "measure";
    case "pan":
      return "pan";
    case "zoom":
      return "zoom";
    case "default":
    case "window":
      return "window";
  }
}

/** Whether annotation boxes may be dragged/resized (only the edit tool, and only when the reading is editable). */
export function boxesEditable(tool: TTool, editable: boolean): boolean {
  return editable && tool === "edit";
}

/**
 * Zoom factor for a vertical drag of `dy` CSS px (drag up = zoom in), as in OHIF's zoom tool:
 * 1 % per px, the result clamped to [0.25, 20].
 */
export function zoomAfterDrag(zoom: number, dy: number): number {
  return Math.min(20, Math.max(0.25, zoom * Math.exp(-dy * 0.01)));
}
