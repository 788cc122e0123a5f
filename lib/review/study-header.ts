import type { Patient, Study } from "@prisma/client";
import { studyPseudonym } from "../auth/identity-visibility";

/** What every study listing shows of a study and its patient. DICOM text stays data. */
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

/** `identify` false (annotators, blinded readers) puts the study's pseudonym in place of name, ID and accession. */
export function studyHeaderOf(study: Study & { patient: Patient }, identify = true): TStudyHeader {
  return {
    id: study.id,
    studyInstanceUid: study.studyInstanceUid,
    patientName: identify ? study.patient.name : studyPseudonym(study.id),
    patientId: identify ? study.patient.patientId : "",
    accessionNumber: identify ? study.accessionNumber : null,
    identified: identify,
    studyDate: study.studyDate,
    description: study.description,
    reviewState: study.reviewState,
    pipelineStatus: study.pipelineStatus,
  };
}
