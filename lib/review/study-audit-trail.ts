import { annotationHistory, type THistoryEntry } from "../annotations";
import type { SessionUser } from "../auth/authenticate";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { auditEventVisibility, hiddenReadingIds } from "../supervision/reading-visibility";

export interface TAuditTrailEvent {
  id: string;
  type: string;
  actorName: string | null;
  payload: unknown;
  createdAt: string;
}

export interface TStudyAuditTrail {
  events: TAuditTrailEvent[];
  /** Every annotation revision: who or which model, what it replaced, when. */
  revisions: THistoryEntry[];
}

/**
 * The study's audit trail: its audit events (newest first) and its full annotation history, less
 * what double-blinded reading hides from this viewer (the other reading's revisions, and every
 * event its reader caused or that names it).
 */
export async function studyAuditTrail(studyId: string, viewer: Pick<SessionUser, "id" | "role">): Promise<TStudyAuditTrail> {
  const study = await db().study.findUnique({ where: { id: studyId }, select: { readingDesign: true, reviewState: true, readings: true } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const hidden = hiddenReadingIds(viewer, study.readingDesign, study.readings, study.reviewState);
  const visible = auditEventVisibility(viewer, study);
  const events = await db().auditEvent.findMany({
    where: { studyId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
    include: { actor: { select: { name: true } } },
  });
  return {
    events: events
      .filter(visible)
      .map((e) => ({ id: e.id, type: e.type, actorName: e.actor?.name ?? null, payload: e.payload, createdAt: e.createdAt.toISOString() })),
    revisions: (await annotationHistory(studyId)).filter((r) => !hidden.has(r.readingId)),
  };
}
