import type { ReadingRole } from "@prisma/client";
import type { TDiagnosis, TDiscLevel, TVertebraLabel } from "../phantom/truth";
import type { TProbabilities } from "./reading-labels";
import type { TLevelFinding } from "../findings";

type TBox4 = [number, number, number, number];

/** One reading's labels as plain data (what the dashboard computation reads; no database). */
export interface TStatsReadingLabels {
  /** `finding`: the full 2014-vocabulary finding (absent in older inputs: read the diagnosis as a contour value). */
  levels: Partial<Record<TDiscLevel, { diagnosis: TDiagnosis; finding?: TLevelFinding; probabilities: TProbabilities | null; modelVersion: string | null }>>;
  vertebrae: Partial<Record<TVertebraLabel, { box: TBox4; sopInstanceUid: string; modelVersion: string | null }>>;
  rois: Record<string, { box: TBox4; level: TDiscLevel | null; modelVersion: string | null }>;
}

export interface TStatsReading extends TStatsReadingLabels {
  readingId: string;
  role: ReadingRole;
  readerId: string;
  readerName: string;
  signedAt: string | null;
  /**
   * The AI labels this reading was read against: the AI reading it was frozen on at signing
   * (issue 12.7: a correction is credited to the model version it corrected), null when unknown.
   */
  basis: TStatsReadingLabels | null;
}

/** Everything the dashboard needs of one study: the AI's labels, the signed human readings, the final label. */
export interface TStatsStudy {
  studyId: string;
  createdAt: string;
  design: "SINGLE" | "DOUBLE_BLINDED";
  reviewState: string;
  ai: (TStatsReadingLabels & { readingId: string }) | null;
  /** Current signed human readings (PRIMARY, SECOND, ADJUDICATION), amendments resolved. */
  readings: TStatsReading[];
  final: { readingId: string; basis: string; levels: Partial<Record<TDiscLevel, TDiagnosis>> } | null;
}
