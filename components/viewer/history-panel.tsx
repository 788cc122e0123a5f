"use client";

import { memo, useEffect, useState } from "react";
import type { THistoryEntry } from "@/lib/annotations/annotation-history";
import { findingFromAi, sentenceOf, ZLevelFinding } from "@/lib/findings";
import { ZDiagnosis, ZDiscLevel } from "@/lib/phantom/truth";
import type { TStudyAuditTrail } from "@/lib/review/study-audit-trail";
import { groupHistory } from "@/lib/viewer/history-groups";

/** A short text of an annotation's content, for the trail (DICOM text never becomes markup). */
function describe(entry: { kind: string; data: unknown; deleted: boolean }): string {
  if (entry.deleted) return "deleted";
  const d = entry.data as Record<string, unknown>;
  if (entry.kind === "LEVEL_DIAGNOSIS") {
    const level = ZDiscLevel.safeParse(d.level);
    const finding = ZLevelFinding.safeParse(d.finding);
    const diagnosis = ZDiagnosis.safeParse(d.diagnosis);
    if (!level.success) return String(d.diagnosis);
    const sentence = finding.success ? sentenceOf(level.data, finding.data) : diagnosis.success ? sentenceOf(level.data, findingFromAi(diagnosis.data)) : String(d.diagnosis);
    // The line already names the level ("level diagnosis L4-L5: …"): the sentence without its own "L4-L5: ".
    return sentence.startsWith(`${level.data}: `) ? sentence.slice(level.data.length + 2) : sentence;
  }
  if (entry.kind === "SLICE_LEVEL") return `${d.level ?? "no level"}${typeof d.distanceMm === "number" ? ` (${d.distanceMm.toFixed(1)} mm)` : ""}`;
  const box = d.box as number[] | undefined;
  return box ? `[${box.map((v) => Math.round(v)).join(", ")}]` : "";
}

function who(entry: THistoryEntry): string {
  if (entry.author) return entry.author.name;
  if (entry.model) return `AI ${entry.model.modelId} ${entry.model.version}`;
  return entry.source === "AI" ? "AI" : "unknown";
}

/** The study's audit trail: every revision (who or which model, what, from what, when) and the workflow events. Memoised: a slice change does not re-render it. */
export const HistoryPanel = memo(function HistoryPanel({ studyId, refreshKey, sliceName }: { studyId: string; refreshKey: number; sliceName?: (sopInstanceUid: string) => string | null }) {
  const [trail, setTrail] = useState<TStudyAuditTrail | null>(null);
  const [showLevels, setShowLevels] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(async () => {
      const response = await fetch(`/api/studies/${studyId}/history`);
      if (response.ok && !cancelled) setTrail((await response.json()) as TStudyAuditTrail);
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [studyId, refreshKey]);

  // One line per edit (lib/viewer/history-groups): a box move with the slice levels it changed.
  const shown = (r: THistoryEntry) => showLevels || r.kind !== "SLICE_LEVEL" || r.source === "HUMAN";
  const groups = groupHistory(trail?.revisions ?? []).map((g) => ({ ...g, entries: g.entries.filter(shown) })).filter((g) => g.entries.length > 0).reverse();
  const line = (r: THistoryEntry) => (
    <>
      {r.kind.toLowerCase().replace("_", " ")} {r.kind === "SLICE_LEVEL" || r.kind === "DISC_ROI" ? (sliceName?.(r.key) ?? `…${r.key.slice(-6)}`) : r.key}: {describe(r)}
      {r.replaces ? <span className="muted"> (was {r.replaces.source === "AI" ? "AI " : ""}{describe({ kind: r.kind, data: r.replaces.data, deleted: r.replaces.deleted })})</span> : null}
    </>
  );
  return (
    <section className="card" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title" style={{ margin: "0 0 6px" }}>History</h2>
      <label style={{ flexDirection: "row", alignItems: "center" }}>
        <input type="checkbox" checked={showLevels} onChange={(e) => setShowLevels(e.target.checked)} /> AI slice levels too
      </label>
      <ul className="history-list" tabIndex={0}>
        {groups.map(({ lead: named, entries }) => {
          const lead = entries.includes(named) ? named : entries[0]!;
          const rest = entries.filter((r) => r !== lead);
          return (
            <li key={lead.revisionId} data-source={lead.source} data-group-size={entries.length}>
              <time dateTime={lead.createdAt}>{new Date(lead.createdAt).toLocaleTimeString()}</time> · {who(lead)} · {line(lead)}
              {rest.length > 0 ? (
                <details>
                  <summary className="muted">{rest.length} more in this edit</summary>
                  <ul>{rest.map((r) => <li key={r.revisionId}>{line(r)}</li>)}</ul>
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
      <h3 style={{ fontSize: 13, margin: "8px 0 4px" }}>Workflow</h3>
      <ul className="history-list" tabIndex={0}>
        {(trail?.events ?? []).filter((e) => e.type !== "ANNOTATION_REVISED").map((e) => (
          <li key={e.id}>
            <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleTimeString()}</time> · {e.actorName ?? "system"} · {e.type.toLowerCase().replace(/_/g, " ")}
            {e.type === "STUDY_STATE_CHANGED" ? ` ${String((e.payload as { from?: string }).from ?? "").toLowerCase()} → ${String((e.payload as { to?: string }).to ?? "").toLowerCase()}` : ""}
          </li>
        ))}
      </ul>
    </section>
  );
});
