"use client";

import type { TEffectiveAnnotation } from "@/lib/annotations/effective-annotations";
import type { TImpressionData, TLengthData, TLevelDiagnosisData } from "@/lib/annotations/schemas";
import { ImpressionCard } from "./impression-card";
import { applyFindingKey, findingFromAi, levelFindingOf, sentenceOf, suggestedImpression, threeClassOf, type TLevelFinding } from "@/lib/findings";
import { DIAGNOSES, DISC_LEVELS, type TDiagnosis, type TDiscLevel } from "@/lib/phantom/truth";
import { useState } from "react";
import { levelColor } from "./colors";
import { FindingEditor } from "./finding-editor";

export interface LevelPanelProps {
  shown: (level: TDiscLevel) => TLevelDiagnosisData | null;
  ai: TEffectiveAnnotation[];
  currentLevel: string | null;
  flaggedSlices: (level: TDiscLevel) => number;
  canDiagnose: boolean;
  /** Saves a level's finding (its three-class diagnosis is the finding's contour). */
  onFinding: (level: TDiscLevel, finding: TLevelFinding) => void;
  onJump: (level: TDiscLevel) => void;
  /** Bumped by the viewer's F key: the finding editor of the level refined takes the keyboard. */
  focusToken: number;
  /** The reading's lengths (LENGTH annotations shown), the measure mode on, and deleting one. */
  lengths: TLengthData[];
  measureMode: TLengthData["purpose"] | null;
  onDeleteLength: (id: string) => void;
  /** The reading's saved impression (IMPRESSION annotation) and saving it (null: back to the suggestion). */
  impression: TImpressionData | null;
  onImpression: (text: string | null) => void;
}

/** The finding after the reader picks a three-class value: the contour's keys, other fields kept. */
function withContour(current: TLevelFinding | null, diagnosis: TDiagnosis): TLevelFinding {
  if (current && threeClassOf(current) === diagnosis) return current;
  return applyFindingKey(current, diagnosis === "normal" ? "n" : diagnosis === "bulge" ? "b" : "h") ?? findingFromAi(diagnosis);
}

/** Per level: the diagnosis shown (editable with diagnosis:edit), the AI's original with its probabilities, flags. */
export function LevelPanel(props: LevelPanelProps) {
  const [picked, setPicked] = useState<TDiscLevel | null>(null);
  const refining = picked ?? (DISC_LEVELS as readonly string[]).find((l) => l === props.currentLevel) as TDiscLevel | undefined ?? null;
  const findingOf = (level: TDiscLevel) => {
    const d = props.shown(level);
    return d ? levelFindingOf(d) : null;
  };
  const aiOf = (level: TDiscLevel) => props.ai.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === level)?.data as TLevelDiagnosisData | undefined;
  return (
    <section className="card" aria-labelledby="levels-title">
      <h2 id="levels-title" style={{ margin: "0 0 6px" }}>Levels</h2>
      {DISC_LEVELS.map((level, index) => {
        const current = props.shown(level);
        const aiHead = props.ai.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === level);
        const ai = aiHead?.data as TLevelDiagnosisData | undefined;
        const corrected = current && ai && JSON.stringify(levelFindingOf(current)) !== JSON.stringify(findingFromAi(ai.diagnosis));
        const flagged = props.flaggedSlices(level);
        return (
          <div key={level} className={`level-row${props.currentLevel === level ? " current" : ""}`} data-testid={`level-${level}`}>
            <button type="button" onClick={() => props.onJump(level)} title={`Jump to ${level} (key ${index + 1})`} style={{ color: levelColor(level), padding: "2px 4px" }}>
              {level}
            </button>
            <div>
              <div className="row" style={{ gap: 6, alignItems: "center" }}>
                {props.canDiagnose ? (
                  <select aria-label={`Diagnosis ${level}`} value={current?.diagnosis ?? ""} onChange={(e) => props.onFinding(level, withContour(findingOf(level), e.target.value as TDiagnosis))}>
                    {current ? null : <option value="">—</option>}
                    {DIAGNOSES.map((d) => <option key={d} value={d}>{d}</option>)}
                  </select>
                ) : (
                  <span className={`badge ${current?.diagnosis ?? ""}`}>{current?.diagnosis ?? "—"}</span>
                )}
                {corrected ? <span className="muted" style={{ fontSize: 11 }}>{current.diagnosis === ai.diagnosis ? "refined" : "corrected"} (AI: {ai.diagnosis})</span> : null}
                <button type="button" aria-pressed={refining === level} onClick={() => setPicked(level)} title="Refine this level's finding (F)" style={{ padding: "0 4px", fontSize: 11 }}>refine</button>
                {flagged > 0 ? <span className="flag">{flagged} flagged</span> : null}
              </div>
              {ai?.probabilities ? (
                <>
                  <div className="prob-bar" aria-hidden="true">
                    <span style={{ width: `${ai.probabilities.normal * 100}%`, background: "var(--normal)" }} />
                    <span style={{ width: `${ai.probabilities.bulge * 100}%`, background: "var(--bulge)" }} />
                    <span style={{ width: `${ai.probabilities.herniation * 100}%`, background: "var(--herniation)" }} />
                  </div>
                  <div className="muted" style={{ fontSize: 11 }}>
                    AI {ai.diagnosis}: normal {pct(ai.probabilities.normal)} · bulge {pct(ai.probabilities.bulge)} · herniation {pct(ai.probabilities.herniation)}
                  </div>
                </>
              ) : null}
            </div>
          </div>
        );
      })}
      {refining ? (
        <FindingEditor level={refining} finding={findingOf(refining)} editable={props.canDiagnose} onChange={props.onFinding} focusToken={props.focusToken}
          lengths={props.lengths.filter((l) => l.level === refining)} measureMode={props.measureMode} onDeleteLength={props.onDeleteLength}
          aiSentence={aiOf(refining) ? sentenceOf(refining, findingFromAi(aiOf(refining)!.diagnosis)) : null} />
      ) : null}
      <ImpressionCard suggested={suggestedImpression(DISC_LEVELS.map((level) => ({ level, finding: findingOf(level) })))} stored={props.impression} editable={props.canDiagnose} onSave={props.onImpression} />
    </section>
  );
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
