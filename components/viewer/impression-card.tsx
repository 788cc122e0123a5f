"use client";

import { useState } from "react";
import type { TImpressionData } from "@/lib/annotations/schemas";

export interface ImpressionCardProps {
  /** lib/findings suggestedImpression of the findings shown now. */
  suggested: string;
  /** The reading's saved impression (an IMPRESSION annotation), or null. */
  stored: TImpressionData | null;
  editable: boolean;
  /** Saves the text (an IMPRESSION revision through the autosave path); null deletes it. */
  onSave: (text: string | null) => void;
}

/**
 * The report's impression (issue 16.4): free text the reader edits, prefilled with the one
 * suggested from the findings. Without a saved impression the report uses the suggestion as
 * it stands at signing; a saved one is the reader's own words and is reported verbatim.
 */
export function ImpressionCard(props: ImpressionCardProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? props.stored?.text ?? props.suggested;
  const save = (text: string) => {
    const t = text.trim();
    setDraft(null);
    if (!t) return props.onSave(null);
    if (t !== (props.stored?.text ?? "") && !(props.stored === null && t === props.suggested.trim())) props.onSave(t);
  };
  return (
    <div aria-labelledby="impression-title" data-testid="impression" style={{ marginTop: 8 }}>
      <h3 id="impression-title" style={{ margin: "0 0 4px" }}>Impression</h3>
      <div className="muted" style={{ fontSize: 11 }}>{props.stored ? "Written by the reader; reported as written." : "Suggested from the findings; edit it to write your own."}</div>
      <textarea aria-label="Impression" rows={4} style={{ width: "100%" }} value={shown} readOnly={!props.editable} maxLength={4000}
        onChange={(e) => setDraft(e.target.value)} onBlur={(e) => props.editable && draft !== null && save(e.target.value)} />
      {props.editable && props.stored && props.stored.text !== props.suggested.trim() ? (
        <button type="button" onClick={() => props.onSave(null)} title="Drop your text and report the impression suggested from the findings">Use suggested</button>
      ) : null}
    </div>
  );
}
