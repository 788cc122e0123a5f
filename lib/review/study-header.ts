import type { Patient, Study } from "@prisma/client";
import { studyPseudonym } from "../auth/identity-visibility";
import { boundedText, SHOWN_TEXT_MAX } from "../format/bounded-text";

/** What every study listing shows of a study and its patient. DICOM text stays data, cut to PS3.5's lengths (lib/format/bounded-text). */
export interface TStudyHeader {
  id: string;
  studyInstanceUid: string;
  /** The patient's name, or the study's pseudonym when the viewer may not identify the patient. */
  patientName: string | null;
  /** The patient ID, or "" when the viewer may not identify the patient. */
  patientId: string;
  /** The accession number (0008,0050), or null when absent or the viewer may not identify the patient (an identifier: PS3.15 removes it). */
  accessionNumber: string | null;
  /** False when name, ID and accession are replaced by the pseudonym (lib/auth/identity-visibility.ts). */
  identified: boolean;
  studyDate: string | null;
  description: string | null;
  reviewState: string;
  pipelineStatus: string;
}

/**
 * `identify` false (annotators, blinded readers) puts the study's pseudonym in place of name, ID
 * and accession. Name, ID, accession, date and description longer than DICOM allows are cut ("…").
 */
export function studyHeaderOf(study: Study & { patient: Patient }, identify = true): TStudyHeader {
  return {
    id: study.id,
    studyInstanceUid: study.studyInstanceUid,
    patientName: identify ? boundedText(study.patient.name, SHOWN_TEXT_MAX.PN) : studyPseudonym(study.id),
    patientId: identify ? boundedText(study.patient.patientId, SHOWN_TEXT_MAX.LO) : "",
    accessionNumber: identify ? boundedText(study.accessionNumber, SHOWN_TEXT_MAX.SH) : null,
    identified: identify,
    studyDate: boundedText(study.studyDate, SHOWN_TEXT_MAX.LO),
    description: boundedText(study.description, SHOWN_TEXT_MAX.LO),
    reviewState: study.reviewState,
    pipelineStatus: study.pipelineStatus,
  };
}
