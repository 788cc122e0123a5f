import type { Patient, Study } from "@prisma/client";

/** What every study listing shows of a study and its patient. DICOM text stays data. */
export interface TStudyHeader {
  id: string;
  studyInstanceUid: string;
  patientName: string | null;
  patientId: string;
  studyDate: string | null;
  description: string | null;
  reviewState: string;
  pipelineStatus: string;
}

export function studyHeaderOf(study: Study & { patient: Patient }): TStudyHeader {
  return {
    id: study.id,
    studyInstanceUid: study.studyInstanceUid,
    patientName: study.patient.name,
    patientId: study.patient.patientId,
    studyDate: study.studyDate,
    description: study.description,
    reviewState: study.reviewState,
    pipelineStatus: study.pipelineStatus,
  };
}
