"use client";

import { useEffect, useState, type KeyboardEvent } from "react";

/** What a key does to a table's row cursor: the worklist's keys (↑/↓ or j/k move, Enter opens) plus an optional toggle (x). */
export type TRowKeyAction = { kind: "move"; to: number } | { kind: "open"; index: number } | { kind: "toggle"; index: number } | null;

/**
 * The action of a key on a list of `count` rows with the cursor at `selected` (0-based; clamped
 * at both ends). Pure, so the keys can be tested without a browser. Keys other than these → null.
 */
export function rowKeyAction(key: string, selected: number, count: number, options: { toggle?: boolean } = {}): TRowKeyAction {
  if (count === 0) return null;
  if (key === "ArrowDown" || key === "j") return { kind: "move", to: Math.min(count - 1, selected + 1) };
  if (key === "ArrowUp" || key === "k") return { kind: "move", to: Math.max(0, selected - 1) };
  if (key === "Enter") return { kind: "open", index: selected };
  if (options.toggle && key === "x") return { kind: "toggle", index: selected };
  return null;
}

/**
 * A keyboard cursor over a table's rows: put `onKeyDown` on the focusable table. Keys typed in a
 * control inside the table (a select, a button, a checkbox) are left to that control.
 */
export function useRowCursor(count: number, handlers: { onOpen: (index: number) => void; onToggle?: (index: number) => void }) {
  const [selected, setSelected] = useState(0);
  useEffect(() => setSelected((s) => Math.min(s, Math.max(0, count - 1))), [count]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    const action = rowKeyAction(event.key, selected, count, { toggle: handlers.onToggle !== undefined });
    if (!action) return;
    event.preventDefault();
    if (action.kind === "move") setSelected(action.to);
    else if (action.kind === "open") handlers.onOpen(action.index);
    else handlers.onToggle?.(action.index);
  };
  return { selected, setSelected, onKeyDown };
}
