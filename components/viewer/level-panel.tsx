"use client";

import type { TEffectiveAnnotation } from "@/lib/annotations/effective-annotations";
import type { TLevelDiagnosisData } from "@/lib/annotations/schemas";
import { DIAGNOSES, DISC_LEVELS, type TDiagnosis, type TDiscLevel } from "@/lib/phantom/truth";
import { levelColor } from "./colors";

export interface LevelPanelProps {
  shown: (level: TDiscLevel) => TLevelDiagnosisData | null;
  ai: TEffectiveAnnotation[];
  currentLevel: string | null;
  flaggedSlices: (level: TDiscLevel) => number;
  canDiagnose: boolean;
  onDiagnosis: (level: TDiscLevel, diagnosis: TDiagnosis) => void;
  onJump: (level: TDiscLevel) => void;
}

/** Per level: the diagnosis shown (editable with diagnosis:edit), the AI's original with its probabilities, flags. */
export function LevelPanel(props: LevelPanelProps) {
  return (
    <section className="card" aria-labelledby="levels-title">
      <h2 id="levels-title" style={{ margin: "0 0 6px" }}>Levels</h2>
      {DISC_LEVELS.map((level, index) => {
        const current = props.shown(level);
        const aiHead = props.ai.find((a) => a.kind === "LEVEL_DIAGNOSIS" && a.key === level);
        const ai = aiHead?.data as TLevelDiagnosisData | undefined;
        const corrected = current && ai && current.diagnosis !== ai.diagnosis;
        const flagged = props.flaggedSlices(level);
        return (
          <div key={level} className={`level-row${props.currentLevel === level ? " current" : ""}`} data-testid={`level-${level}`}>
            <button type="button" onClick={() => props.onJump(level)} title={`Jump to ${level} (key ${index + 1})`} style={{ color: levelColor(level), padding: "2px 4px" }}>
              {level}
            </button>
            <div>
              <div className="row" style={{ gap: 6, alignItems: "center" }}>
                {props.canDiagnose ? (
                  <select aria-label={`Diagnosis ${level}`} value={current?.diagnosis ?? ""} onChange={(e) => props.onDiagnosis(level, e.target.value as TDiagnosis)}>
                    {current ? null : <option value="">—</option>}
                    {DIAGNOSES.map((d) => <option key={d} value={d}>{d}</option>)}
                  </select>
                ) : (
                  <span className={`badge ${current?.diagnosis ?? ""}`}>{current?.diagnosis ?? "—"}</span>
                )}
                {corrected ? <span className="muted" style={{ fontSize: 11 }}>corrected (AI: {ai.diagnosis})</span> : null}
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
    </section>
  );
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
