import type { TDiagnosis, TDiscLevel, TVertebraLabel } from "../phantom/truth";
import type { Box } from "../dicom/types";
import type { TReportCounting } from "./counting-statement";
import { findingFromAi, sentenceOf, suggestedImpression, type TFindingMeasurement, type TLevelFinding } from "../findings";

/** A length the reader measured at a level (a LENGTH annotation): image points in pixels, mm. */
export interface TReportMeasurement {
  id: string;
  sopInstanceUid: string;
  frameIndex?: number | undefined;
  purpose: TFindingMeasurement["kind"];
  /** [[x, y], [x, y]] in the image's pixels (x = column, y = row). */
  points: [[number, number], [number, number]];
  mm: number;
}

/** One disc level's finding as the report states it: the signed value and the AI's. */
export interface TReportLevel {
  level: TDiscLevel;
  /** The signed reading's diagnosis (null: the level was not assessed). */
  diagnosis: TDiagnosis | null;
  aiDiagnosis: TDiagnosis | null;
  /** The AI's probability of its own diagnosis, 0..1. */
  aiProbability: number | null;
  /** True when the reader's value differs from the AI's (or the AI had none). */
  changedByReader: boolean;
  /** The signed finding in the 2014 vocabulary (absent: read `diagnosis` as a contour value). */
  finding?: TLevelFinding | null;
  /** The reader's lengths at this level (absent: none). */
  measurements?: TReportMeasurement[];
  /** Axial images of this level (SOP Instance UIDs), with their ROI when one was drawn. */
  images: { sopInstanceUid: string; roi: Box | null }[];
}

/**
 * Everything a report (PDF, SR, FHIR) says about one signed study, gathered once from the
 * database (loadReportData) or built by hand in tests. Patient fields are identifiers: they go
 * into the clinic's report and nowhere else (never logs, never dataset exports).
 */
export interface TReportData {
  studyId: string;
  studyInstanceUid: string;
  studyDate: string | null;
  studyTime: string | null;
  accessionNumber: string | null;
  studyDescription: string | null;
  patient: { id: string; issuer: string; name: string | null; birthDate: string | null; sex: string | null };
  reading: { id: string; role: string; signedAt: Date; reader: { id: string; name: string; email: string } };
  /** Set when the signed reading amends an earlier signed one (issue 12.2): why, and what it replaces. */
  amendment?: { amendsReadingId: string; reason: string; previousSignedAt: Date | null; previousReaderName: string | null } | null;
  /** How the software named the levels and its counting flags (issue 11); absent: not known. */
  counting?: TReportCounting | null;
  models: { id: string; version: string }[];
  levels: TReportLevel[];
  vertebrae: { label: TVertebraLabel; box: Box; sopInstanceUid: string }[];
  sagittal: { seriesInstanceUid: string; midSopInstanceUid: string | null } | null;
  /** SOP Class and series of each referenced instance, for SR references. */
  instances: Record<string, { sopClassUid: string; seriesInstanceUid: string }>;
  /** The impression; absent: the suggested one built from the findings (suggestedImpression). */
  impression?: string | null;
}

/** The level's signed finding: its stored finding, else its three-class diagnosis as a contour value. */
export function reportFindingOf(l: TReportLevel): TLevelFinding | null {
  return l.finding ?? (l.diagnosis ? findingFromAi(l.diagnosis) : null);
}

/** The level's standard sentence with its measurements (lib/findings sentenceOf); null when not assessed. */
export function reportSentenceOf(l: TReportLevel): string | null {
  const f = reportFindingOf(l);
  return f ? sentenceOf(l.level, f, (l.measurements ?? []).map((m) => ({ kind: m.purpose, mm: m.mm }))) : null;
}

/**
 * What the reader did with the AI's result at a level (IHE AI Result Assessment style):
 * accepted (the signed finding is exactly what the AI said), changed (the AI said something else,
 * or the reader refined it), added (the AI said nothing there), null (neither assessed it).
 */
export function aiAssessmentOf(l: TReportLevel): "accepted" | "changed" | "added" | null {
  const f = reportFindingOf(l);
  if (!f) return null;
  if (!l.aiDiagnosis) return "added";
  return JSON.stringify(f) === JSON.stringify(findingFromAi(l.aiDiagnosis)) ? "accepted" : "changed";
}

/** The report's impression: the stored one, else the one suggested from the signed findings. */
export function reportImpressionOf(data: TReportData): string {
  return data.impression?.trim() || suggestedImpression(data.levels.map((l) => ({ level: l.level, finding: reportFindingOf(l) })));
}

export const LEVEL_ORDER: readonly TDiscLevel[] = ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"];
