"use client";

import { useEffect, useRef, type ReactNode } from "react";

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, as a short list of facts the user checks before confirming. */
  summary: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation with a summary, for the irreversible steps (sign, amend, freeze): the
 * confirm button has focus (Enter confirms), Escape or Cancel closes, nothing happens until the
 * user confirms. Rendered as role="alertdialog" (WAI-ARIA APG, alert dialog pattern).
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const okRef = useRef<HTMLButtonElement>(null);
  useEffect(() => okRef.current?.focus(), []);
  return (
    <div style={{ position: "fixed", inset: 0, background: "rgba(0,0,0,0.45)", zIndex: 60, display: "flex", alignItems: "center", justifyContent: "center" }} onClick={props.onCancel}>
      <div
        role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-summary" data-testid="confirm-dialog" className="card"
        style={{ maxWidth: 480, padding: 16 }}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Escape") props.onCancel();
        }}
      >
        <h2 id="confirm-title" style={{ marginTop: 0 }}>{props.title}</h2>
        <div id="confirm-summary">{props.summary}</div>
        <div className="toolbar" style={{ marginTop: 12 }}>
          <button ref={okRef} type="button" className="primary" disabled={props.busy} onClick={props.onConfirm} data-testid="confirm-ok">{props.confirmLabel}</button>
          <button type="button" onClick={props.onCancel} data-testid="confirm-cancel">Cancel</button>
        </div>
      </div>
    </div>
  );
}
