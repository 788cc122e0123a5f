import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { SessionUser } from "../auth/authenticate";
import { db } from "../db/client";
import { auditEventVisibility } from "../supervision/reading-visibility";
import { fromZodError } from "../errors/app-error";
import { ZAuditEvent } from "./events";

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");

/** The audit page's filters (query string): study, acting user, event type, inclusive UTC days. */
export const ZAuditFilters = z.object({
  studyId: z.string().min(1).max(64).optional(),
  userId: z.string().min(1).max(64).optional(),
  type: z.string().min(1).max(64).optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
  take: z.coerce.number().int().min(1).max(5000).default(500),
});
export type TAuditFilters = z.infer<typeof ZAuditFilters>;

export interface TAuditRow {
  id: string;
  createdAt: string;
  type: string;
  actorId: string | null;
  actorName: string | null;
  studyId: string | null;
  studyInstanceUid: string | null;
  /** The event's typed payload (never patient identifiers: lib/audit/events.ts). */
  payload: unknown;
}

/** Every event type the log knows (the filter's choices), from the typed union. */
export const AUDIT_EVENT_TYPES: readonly string[] = ZAuditEvent.options.map((o) => o.shape.type.value).sort();

/** Reads filters from URL search params; empty values are absent; a bad value is INVALID_INPUT (422). */
export function parseAuditFilters(params: URLSearchParams): TAuditFilters {
  const get = (key: string) => params.get(key)?.trim() || undefined;
  const parsed = ZAuditFilters.safeParse({ studyId: get("studyId"), userId: get("userId"), type: get("type"), from: get("from"), to: get("to"), take: get("take") });
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/**
 * The audit log for supervisors and admins (issue 12.6): audit events newest first, filtered by
 * study, acting user, event type and date (UTC days, inclusive), at most `take` rows, less what
 * double-blinded reading hides from this viewer (a supervisor who is one of a study's two blinded
 * readers does not see the other reading's events: auditEventVisibility, as the study's trail);
 * hidden events do not count against `take`.
 */
export async function auditLog(viewer: Pick<SessionUser, "id" | "role">, filters: Partial<TAuditFilters> = {}): Promise<TAuditRow[]> {
  const f = ZAuditFilters.parse(filters);
  const where: Prisma.AuditEventWhereInput = {};
  if (f.studyId) where.studyId = f.studyId;
  if (f.userId) where.actorId = f.userId;
  if (f.type) where.type = f.type;
  if (f.from || f.to) {
    where.createdAt = {
      ...(f.from ? { gte: new Date(`${f.from}T00:00:00.000Z`) } : {}),
      ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00.000Z`).getTime() + 86_400_000) } : {}),
    };
  }
  // Pages of `take` newest first until `take` visible rows (or the end): what blinding hides
  // does not shorten the answer (a short page would hint that hidden events exist).
  const visible: Array<Awaited<ReturnType<typeof auditPage>>[number]> = [];
  const visibility = new Map<string, (event: { actorId: string | null; payload: unknown }) => boolean>();
  for (let skip = 0; visible.length < f.take; skip += f.take) {
    const page = await auditPage(where, skip, f.take);
    // Blinding ends with the final record: only unsigned double-blinded studies can hide anything.
    const unknown = [...new Set(page.flatMap((r) => (r.studyId && !visibility.has(r.studyId) ? [r.studyId] : [])))];
    if (unknown.length > 0) {
      const blinded = await db().study.findMany({ where: { id: { in: unknown }, readingDesign: "DOUBLE_BLINDED", reviewState: { not: "SIGNED" } }, select: { id: true, readingDesign: true, reviewState: true, readings: true } });
      for (const id of unknown) visibility.set(id, () => true);
      for (const study of blinded) visibility.set(study.id, auditEventVisibility(viewer, study));
    }
    visible.push(...page.filter((r) => !r.studyId || visibility.get(r.studyId)!(r)));
    if (page.length < f.take) break;
  }
  const rows = visible.slice(0, f.take);
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    type: r.type,
    actorId: r.actorId,
    actorName: r.actor?.name ?? null,
    studyId: r.studyId,
    studyInstanceUid: r.study?.studyInstanceUid ?? null,
    payload: r.payload,
  }));
}

/** One page of audit events, newest first (ties by id), with the actor's name and the study's UID. */
function auditPage(where: Prisma.AuditEventWhereInput, skip: number, take: number) {
  return db().auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip,
    take,
    include: { actor: { select: { name: true } }, study: { select: { studyInstanceUid: true } } },
  });
}
