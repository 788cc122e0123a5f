"use client";

import { dicomDateOf, personNameOf } from "@/lib/format/dicom-human";
import type { TStudyView } from "@/lib/review/study-view";
import { signSummary } from "@/lib/viewer/sign-summary";

/**
 * The facts shown before Sign or Amend: patient, study, reading, what will be signed per level
 * (lib/viewer/sign-summary) and what the step means. Server values only (pending edits are
 * flushed before the request, so the summary shows the last saved state).
 */
export function SignConfirmSummary({ view, action, reason }: { view: TStudyView; action: "sign" | "amend"; reason: string }) {
  const reading = view.reading;
  const s = signSummary(view.annotations, reading?.id ?? "");
  return (
    <div data-testid="confirm-summary">
      <p style={{ margin: "0 0 6px" }}>
        {personNameOf(view.study.patientName) ?? "—"} · {view.study.patientId} · {dicomDateOf(view.study.studyDate) ?? "no date"} · {view.study.description ?? ""}
        <br />
        {reading ? `${reading.role.toLowerCase()} reading, version ${reading.version}` : ""}
      </p>
      {action === "sign" ? (
        <>
          <ul style={{ margin: "0 0 6px", paddingLeft: 18 }}>
            {s.levels.map((l) => (
              <li key={l.level}>{l.level}: {l.diagnosis}{l.corrected ? " (corrected)" : ""}</li>
            ))}
          </ul>
          <p className="muted" style={{ margin: 0 }}>{s.vertebrae} vertebra boxes · {s.humanEdits} values entered or changed by you. Signing freezes these values; any later change needs an amendment with a reason.</p>
        </>
      ) : (
        <p style={{ margin: 0 }}>A new reading starts from the signed one, which stays unchanged. Reason: “{reason.trim()}”</p>
      )}
    </div>
  );
}
