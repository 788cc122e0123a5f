import type { SessionUser } from "../auth/authenticate";
import { mayIdentifyPatient } from "../auth/identity-visibility";
import { recordIdentityView } from "../audit/identity-views";
import { db } from "../db/client";
import { studyHeaderOf, type TStudyHeader } from "../review/study-header";
import { hiddenReadingIds } from "./reading-visibility";

export interface TBoardReading {
  id: string;
  role: string;
  status: string;
  readerId: string | null;
  readerName: string | null;
}

/** One row of the assignment board: the study header every listing shows, plus its design and live human readings. */
export interface TBoardStudy extends TStudyHeader {
  design: "SINGLE" | "DOUBLE_BLINDED";
  /** Distinct modalities of its series ("MR"), sorted. */
  modalities: string[];
  seriesCount: number;
  readings: TBoardReading[];
}

/** Rows the assignment board lists at most (the newest studies not yet signed); the bulk action takes as many. */
export const BOARD_ROWS = 200;

/** How many studies are not yet signed: the board lists the newest BOARD_ROWS of them and says so when there are more. */
export async function assignmentBoardTotal(): Promise<number> {
  return db().study.count({ where: { reviewState: { not: "SIGNED" } } });
}

/**
 * Studies a supervisor can still assign or adjudicate (not SIGNED), newest first, with their live
 * human readings. Patient name, ID and accession follow the minimum-necessary rule of every
 * listing (studyHeaderOf + mayIdentifyPatient: a supervisor who is one of the two readers of a
 * blinded study gets its pseudonym), and a listing that shows identified patients is audited
 * (PATIENT_IDENTITY_VIEWED, surface assignment-board). Blinding applies to the readings too: that
 * supervisor does not see the other reading here either.
 */
export async function assignmentBoard(viewer: Pick<SessionUser, "id" | "role">, take = BOARD_ROWS): Promise<TBoardStudy[]> {
  const studies = await db().study.findMany({
    where: { reviewState: { not: "SIGNED" } },
    orderBy: { createdAt: "desc" },
    take,
    include: {
      patient: true,
      series: { select: { modality: true } },
      readings: { include: { reader: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  const rows = studies.map((s): TBoardStudy => {
    const hidden = hiddenReadingIds(viewer, s.readingDesign, s.readings, s.reviewState);
    return {
      ...studyHeaderOf(s, mayIdentifyPatient(viewer, s)),
      design: s.readingDesign,
      modalities: [...new Set(s.series.map((x) => x.modality).filter((m): m is string => !!m))].sort(),
      seriesCount: s.series.length,
      readings: s.readings
        .filter((r) => r.role !== "AI" && r.role !== "ANNOTATION" && r.status !== "SUPERSEDED" && !hidden.has(r.id))
        .map((r) => ({ id: r.id, role: r.role, status: r.status, readerId: r.readerId, readerName: r.reader?.name ?? null })),
    };
  });
  await recordIdentityView(viewer, "assignment-board", rows);
  return rows;
}
