"use client";

import { useEffect, useRef } from "react";
import {
  FINDING_KEYS,
  MIGRATIONS,
  CRANIOCAUDAL_POSITIONS,
  STENOSIS_GRADES,
  STENOSIS_SITES,
  applyFindingKey,
  sentenceOf,
  type THerniation,
  type TLevelFinding,
  type TStenosisGrade,
  type TStenosisSite,
} from "@/lib/findings";
import type { TDiscLevel } from "@/lib/phantom/truth";
import type { TLengthData } from "@/lib/annotations/schemas";
import { lengthLabel } from "./length-tool";

export interface FindingEditorProps {
  level: TDiscLevel;
  /** The finding shown (null: not assessed yet). */
  finding: TLevelFinding | null;
  /** The AI's three-class value for this level, for the "AI said" line (null: none). */
  aiSentence: string | null;
  editable: boolean;
  onChange: (level: TDiscLevel, finding: TLevelFinding) => void;
  /** Set when the viewer asks the editor to take the keyboard (the F key). */
  focusToken: number;
  /** This level's lengths (drawn with the M tool on the axial image), listed and deletable. */
  lengths: TLengthData[];
  measureMode: TLengthData["purpose"] | null;
  onDeleteLength: (id: string) => void;
}

const SITE_LABELS: Record<TStenosisSite, string> = { centralCanal: "Central canal", subarticularLeft: "Subarticular L", subarticularRight: "Subarticular R", foraminalLeft: "Foraminal L", foraminalRight: "Foraminal R" };

/**
 * The refinement of one level's finding in the NASS/ASSR/ASNR 2014 vocabulary (lib/findings):
 * disc contour and herniation detail by keyboard (FINDING_KEYS, listed below the editor) while the
 * editor has focus; stenosis grades, Modic, Pfirrmann and the comment by ordinary form controls.
 * Every change goes through onChange, i.e. the viewer's autosaved revision path.
 */
export function FindingEditor(props: FindingEditorProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.focusToken > 0) ref.current?.focus();
  }, [props.focusToken]);
  const f = props.finding;
  const change = (next: TLevelFinding) => props.editable && props.onChange(props.level, next);
  const base = (): TLevelFinding => f ?? (applyFindingKey(null, "n") as TLevelFinding);
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") {
      ref.current?.blur();
    } else {
      const next = props.editable ? applyFindingKey(f, e.key) : null;
      if (!next) return;
      change(next);
    }
    e.preventDefault();
    e.stopPropagation();
  };
  const herniation = f?.disc.contour === "herniation" ? f.disc : null;
  return (
    <div ref={ref} tabIndex={0} onKeyDown={onKeyDown} className="finding-editor" data-testid="finding-editor" aria-label={`Finding ${props.level}: keyboard shortcuts below`} style={{ outlineOffset: 2, padding: 6, marginTop: 6, border: "1px solid var(--border, #444)" }}>
      <div style={{ fontWeight: 600 }} data-testid="finding-sentence">{f ? sentenceOf(props.level, f, props.lengths.map((l) => ({ kind: l.purpose, mm: l.lengthMm }))) : `${props.level}: not assessed.`}</div>
      {props.lengths.length || props.measureMode ? (
        <div className="row" style={{ gap: 6, flexWrap: "wrap", fontSize: 12 }} data-testid="finding-lengths">
          {props.lengths.map((l) => (
            <span key={l.id}>
              {lengthLabel(l)}{" "}
              {props.editable ? <button type="button" onClick={() => props.onDeleteLength(l.id)} aria-label={`Delete ${lengthLabel(l)}`} style={{ padding: "0 4px", fontSize: 11 }}>×</button> : null}
            </span>
          ))}
          {props.measureMode ? <span className="flag">Drag on the axial image: {props.measureMode === "herniation-ap" ? "herniation AP depth" : "canal AP diameter"} (M again: next, Esc: stop)</span> : null}
        </div>
      ) : null}
      {props.aiSentence ? <div className="muted" style={{ fontSize: 11 }}>AI: {props.aiSentence}</div> : null}
      {props.editable ? (
        <>
          {herniation ? (
            <div className="row" style={{ gap: 4, flexWrap: "wrap", marginTop: 4 }}>
              <select aria-label="Craniocaudal position" value={herniation.position ?? ""} onChange={(e) => change({ ...base(), disc: { ...herniation, position: (e.target.value || undefined) as THerniation["position"] } })}>
                <option value="">position —</option>
                {CRANIOCAUDAL_POSITIONS.map((p) => <option key={p} value={p}>{p}</option>)}
              </select>
              <select aria-label="Migration" value={herniation.migration ?? ""} onChange={(e) => change({ ...base(), disc: { ...herniation, migration: (e.target.value || undefined) as THerniation["migration"] } })}>
                <option value="">migration —</option>
                {MIGRATIONS.map((m) => <option key={m} value={m}>{m}</option>)}
              </select>
            </div>
          ) : null}
          <div style={{ display: "grid", gridTemplateColumns: "auto auto", gap: 2, marginTop: 4, fontSize: 12 }}>
            {STENOSIS_SITES.map((site) => (
              <label key={site} style={{ display: "contents" }}>
                <span>{SITE_LABELS[site]}</span>
                <select aria-label={`${SITE_LABELS[site]} stenosis`} value={f?.stenosis?.[site] ?? ""} onChange={(e) => change({ ...base(), stenosis: { ...base().stenosis, [site]: (e.target.value || undefined) as TStenosisGrade | undefined } })}>
                  <option value="">not graded</option>
                  {STENOSIS_GRADES.map((g) => <option key={g} value={g}>{g}</option>)}
                </select>
              </label>
            ))}
            <span>Modic</span>
            <select aria-label="Modic type" value={f?.modic ?? ""} onChange={(e) => change({ ...base(), modic: e.target.value ? (Number(e.target.value) as 1 | 2 | 3) : undefined })}>
              <option value="">—</option>
              {[1, 2, 3].map((m) => <option key={m} value={m}>type {m}</option>)}
            </select>
            <span>Pfirrmann</span>
            <select aria-label="Pfirrmann grade" value={f?.pfirrmann ?? ""} onChange={(e) => change({ ...base(), pfirrmann: e.target.value ? Number(e.target.value) : undefined })}>
              <option value="">—</option>
              {["I", "II", "III", "IV", "V"].map((g, i) => <option key={g} value={i + 1}>{g}</option>)}
            </select>
          </div>
          <textarea aria-label={`Comment ${props.level}`} rows={2} maxLength={2000} style={{ width: "100%", marginTop: 4 }} defaultValue={f?.comment ?? ""} key={`${props.level}:${f?.comment ?? ""}`}
            onBlur={(e) => e.target.value.trim() !== (f?.comment ?? "") && change({ ...base(), comment: e.target.value.trim() || undefined })} />
          <dl className="muted" style={{ fontSize: 11, margin: "4px 0 0" }} aria-label="Finding shortcuts">
            {FINDING_KEYS.map((k) => <div key={k.keys}><dt style={{ display: "inline", fontWeight: 600 }}>{k.keys}</dt> <dd style={{ display: "inline", margin: 0 }}>{k.does}</dd></div>)}
            <div><dt style={{ display: "inline", fontWeight: 600 }}>F</dt> <dd style={{ display: "inline", margin: 0 }}>(in the images) refine the current level</dd></div>
            <div><dt style={{ display: "inline", fontWeight: 600 }}>M</dt> <dd style={{ display: "inline", margin: 0 }}>(in the images) length tool: herniation AP depth → canal AP diameter → off; drag on the axial image</dd></div>
          </dl>
        </>
      ) : null}
    </div>
  );
}
