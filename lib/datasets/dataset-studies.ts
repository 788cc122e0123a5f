import type { DatasetSplit } from "@prisma/client";
import { mayIdentifyPatient } from "../auth/identity-visibility";
import type { TRole } from "../auth/roles";
import { recordIdentityView } from "../audit/identity-views";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { studyHeaderOf, type TStudyHeader } from "../review/study-header";
import { eligibleStudyIds } from "./eligible-studies";

/** At most this many rows per list (the total is reported beside them). */
export const DATASET_STUDY_ROWS = 500;

/** A study in a dataset list: the header every listing shows, its series, and its split once it is a member. */
export interface TDatasetStudyRow extends TStudyHeader {
  /** Distinct modalities of its series ("MR"), sorted. */
  modalities: string[];
  seriesCount: number;
  split: DatasetSplit | null;
}

export interface TDatasetStudyList {
  total: number;
  studies: TDatasetStudyRow[];
}

type TViewer = { id: string; role: TRole };

/**
 * The studies a new version would hold under a label source (eligibleStudyIds' query, oldest
 * first), as rows with patient ID, accession, description, date and series; identity under the
 * minimum-necessary rule of every listing, and the listing audited (surface datasets).
 */
export async function eligibleStudyRows(viewer: TViewer, query: unknown): Promise<TDatasetStudyList> {
  const ids = await eligibleStudyIds(query);
  return { total: ids.length, studies: await studyRows(viewer, ids.slice(0, DATASET_STUDY_ROWS), new Map()) };
}

/** A dataset version's member studies with their split (train, val, test), as eligibleStudyRows. NOT_FOUND for an unknown version. */
export async function datasetMemberRows(viewer: TViewer, versionId: string): Promise<TDatasetStudyList> {
  const version = await db().datasetVersion.findUnique({ where: { id: versionId }, select: { id: true, _count: { select: { members: true } } } });
  if (!version) throw new AppError("NOT_FOUND", { userMessage: "This dataset version does not exist." });
  const members = await db().datasetMember.findMany({ where: { datasetVersionId: versionId }, select: { studyId: true, split: true }, orderBy: [{ split: "asc" }, { studyId: "asc" }], take: DATASET_STUDY_ROWS });
  return { total: version._count.members, studies: await studyRows(viewer, members.map((m) => m.studyId), new Map(members.map((m) => [m.studyId, m.split]))) };
}

async function studyRows(viewer: TViewer, ids: string[], splits: ReadonlyMap<string, DatasetSplit>): Promise<TDatasetStudyRow[]> {
  const studies = await db().study.findMany({
    where: { id: { in: ids } },
    include: { patient: true, series: { select: { modality: true } }, readings: { where: { status: { not: "SUPERSEDED" } } } },
  });
  const byId = new Map(studies.map((s) => [s.id, s]));
  const rows = ids.flatMap((id): TDatasetStudyRow[] => {
    const s = byId.get(id);
    if (!s) return [];
    return [
      {
        ...studyHeaderOf(s, mayIdentifyPatient(viewer, s)),
        modalities: [...new Set(s.series.map((x) => x.modality).filter((m): m is string => !!m))].sort(),
        seriesCount: s.series.length,
        split: splits.get(id) ?? null,
      },
    ];
  });
  await recordIdentityView(viewer, "datasets", rows);
  return rows;
}
