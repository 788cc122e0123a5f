import type { Prisma } from "@prisma/client";
import { db } from "../db/client";

export interface TStudyRow {
  id: string;
  studyInstanceUid: string;
  patientName: string | null;
  patientId: string;
  studyDate: string | null;
  description: string | null;
  reviewState: string;
  pipelineStatus: string;
  seriesCount: number;
  instanceCount: number;
  updatedAt: string;
}

export interface ListStudiesOptions {
  reviewState?: Prisma.StudyWhereInput["reviewState"];
  take?: number;
}

/** Studies for the worklist, newest first. DICOM text is returned as data, never as markup. */
export async function listStudies(options: ListStudiesOptions = {}): Promise<TStudyRow[]> {
  const studies = await db().study.findMany({
    where: options.reviewState ? { reviewState: options.reviewState } : undefined,
    orderBy: { createdAt: "desc" },
    take: options.take ?? 500,
    include: { patient: true, series: { select: { _count: { select: { instances: true } } } } },
  });
  return studies.map((s) => ({
    id: s.id,
    studyInstanceUid: s.studyInstanceUid,
    patientName: s.patient.name,
    patientId: s.patient.patientId,
    studyDate: s.studyDate,
    description: s.description,
    reviewState: s.reviewState,
    pipelineStatus: s.pipelineStatus,
    seriesCount: s.series.length,
    instanceCount: s.series.reduce((n, x) => n + x._count.instances, 0),
    updatedAt: s.updatedAt.toISOString(),
  }));
}

/** Study counts by review state, for the supervisor's overview. */
export async function countStudiesByState(): Promise<Record<string, number>> {
  const groups = await db().study.groupBy({ by: ["reviewState"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.reviewState, g._count._all]));
}
