import { annotationHistory, type THistoryEntry } from "../annotations";
import { db } from "../db/client";

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

/** The study's audit trail: its audit events (newest first) and its full annotation history. */
export async function studyAuditTrail(studyId: string): Promise<TStudyAuditTrail> {
  const events = await db().auditEvent.findMany({
    where: { studyId },
    orderBy: { createdAt: "desc" },
    take: 500,
    include: { actor: { select: { name: true } } },
  });
  return {
    events: events.map((e) => ({ id: e.id, type: e.type, actorName: e.actor?.name ?? null, payload: e.payload, createdAt: e.createdAt.toISOString() })),
    revisions: await annotationHistory(studyId),
  };
}
