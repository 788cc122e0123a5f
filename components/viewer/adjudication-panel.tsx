"use client";

import type { TLevelDiagnosisData, TVertebraBoxData } from "@/lib/annotations/schemas";
import type { TDiagnosis, TDiscLevel, TVertebraLabel } from "@/lib/phantom/truth";
import type { TAdjudicationView } from "@/lib/review/adjudication-view";

export interface AdjudicationPanelProps {
  adjudication: TAdjudicationView;
  /** The adjudicator's current value of a level (their reading's effective view). */
  shown: (level: TDiscLevel) => TLevelDiagnosisData | null;
  shownBox: (label: TVertebraLabel) => TVertebraBoxData | null;
  editable: boolean;
  onPickDiagnosis: (level: TDiscLevel, diagnosis: TDiagnosis) => void;
  onPickBox: (label: TVertebraLabel, box: TVertebraBoxData) => void;
}

const sameBox = (a: TVertebraBoxData | null, b: TVertebraBoxData | null) => !!a && !!b && a.sopInstanceUid === b.sopInstanceUid && a.box.every((v, i) => v === b.box[i]);

/**
 * The adjudicator's side-by-side view (issue 12.4): the two signed blinded readings per level
 * (diagnosis), per vertebra (box, with IoU) and the number of axial slices whose level they
 * disagree on, disagreements marked; "use" takes one side's value into the adjudication reading
 * (edit further in the viewer as usual), which the adjudicator then signs as the final.
 */
export function AdjudicationPanel(props: AdjudicationPanelProps) {
  const [first, second] = props.adjudication.sides;
  const name = (side: typeof first) => `${side.role === "PRIMARY" ? "Reader 1" : "Reader 2"}${side.readerName ? ` (${side.readerName})` : ""}`;
  const sliceDisagreements = props.adjudication.slices.filter((s) => s.disagree).length;
  return (
    <section className="card" aria-labelledby="adjudication-title" data-testid="adjudication-panel">
      <h2 id="adjudication-title" style={{ margin: "0 0 6px" }}>Adjudication</h2>
      <table className="compact">
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">{name(first)}</th>
            <th scope="col">{name(second)}</th>
            <th scope="col">Final</th>
          </tr>
        </thead>
        <tbody>
          {props.adjudication.levels.map((row) => {
            const final = props.shown(row.level)?.diagnosis ?? null;
            return (
              <tr key={row.level} className={row.disagree ? "disagree" : undefined} data-testid={`adjudicate-${row.level}`} data-disagree={row.disagree}>
                <th scope="row">{row.disagree ? "≠ " : ""}{row.level}</th>
                {row.diagnoses.map((d, i) => (
                  <td key={i}>
                    {d ?? "—"}
                    {props.editable && d && row.disagree && d !== final ? (
                      <button type="button" style={{ marginLeft: 4 }} onClick={() => props.onPickDiagnosis(row.level, d)} aria-label={`Use ${name(i === 0 ? first : second)}'s ${d} at ${row.level}`}>use</button>
                    ) : null}
                  </td>
                ))}
                <td data-testid={`final-${row.level}`}>{final ?? "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="compact" style={{ marginTop: 6 }}>
        <thead>
          <tr>
            <th scope="col">Vertebra</th>
            <th scope="col">IoU</th>
            <th scope="col">Box</th>
          </tr>
        </thead>
        <tbody>
          {props.adjudication.vertebrae.map((row) => {
            const mine = props.shownBox(row.label);
            return (
              <tr key={row.label} className={row.disagree ? "disagree" : undefined} data-disagree={row.disagree}>
                <th scope="row">{row.disagree ? "≠ " : ""}{row.label}</th>
                <td>{row.iou === null ? "only one" : row.iou.toFixed(2)}</td>
                <td>
                  {props.editable && row.disagree
                    ? row.boxes.map((b, i) => (b && !sameBox(b, mine) ? <button key={i} type="button" onClick={() => props.onPickBox(row.label, b)}>use {i === 0 ? "1" : "2"}</button> : null))
                    : "agreed"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted" style={{ margin: "6px 0 0" }} data-testid="slice-disagreements">
        {sliceDisagreements === 0 ? "Both readers assigned every axial slice to the same level." : `${sliceDisagreements} axial slice(s) assigned to different levels; the final follows your boxes.`}
      </p>
    </section>
  );
}
