import type { SessionUser } from "../auth/authenticate";
import { db } from "../db/client";
import { hiddenReadingIds } from "./reading-visibility";

export interface TBoardStudy {
  id: string;
  studyInstanceUid: string;
  description: string | null;
  studyDate: string | null;
  reviewState: string;
  design: "SINGLE" | "DOUBLE_BLINDED";
  readings: Array<{ id: string; role: string; status: string; readerName: string | null }>;
}

/**
 * Studies a supervisor can still assign or adjudicate (not SIGNED), newest first, with their live
 * human readings. Blinding still applies to the viewer: a supervisor who is one of the two readers
 * of a blinded study does not see the other one here either.
 */
export async function assignmentBoard(viewer: Pick<SessionUser, "id" | "role">, take = 200): Promise<TBoardStudy[]> {
  const studies = await db().study.findMany({
    where: { reviewState: { not: "SIGNED" } },
    orderBy: { createdAt: "desc" },
    take,
    include: { readings: { include: { reader: { select: { name: true } } }, orderBy: { createdAt: "asc" } } },
  });
  return studies.map((s) => {
    const hidden = hiddenReadingIds(viewer, s.readingDesign, s.readings, s.reviewState);
    return {
      id: s.id,
      studyInstanceUid: s.studyInstanceUid,
      description: s.description,
      studyDate: s.studyDate,
      reviewState: s.reviewState,
      design: s.readingDesign,
      readings: s.readings
        .filter((r) => r.role !== "AI" && r.role !== "ANNOTATION" && r.status !== "SUPERSEDED" && !hidden.has(r.id))
        .map((r) => ({ id: r.id, role: r.role, status: r.status, readerName: r.reader?.name ?? null })),
    };
  });
}
