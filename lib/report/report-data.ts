import type { TDiagnosis, TDiscLevel, TVertebraLabel } from "../phantom/truth";
import type { Box } from "../dicom/types";
import type { TReportCounting } from "./counting-statement";

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
}

export const LEVEL_ORDER: readonly TDiscLevel[] = ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"];
