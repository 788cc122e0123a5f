import { Prisma } from "@prisma/client";
import type { TDb, TTx } from "../db/client";
import { newId } from "../db/new-id";
import { ZAuditEvent, type TAuditEvent } from "./events";

export type TRecordAuditOptions = TAuditEvent & { actorId?: string | null; studyId?: string | null };

/** Writes one audit event with the given client (pass the transaction of the change it records). */
export async function recordAudit(client: TDb | TTx, event: TRecordAuditOptions): Promise<void> {
  await recordAudits(client, [event]);
}

/**
 * Writes several audit events with one statement (same client and transaction rules as
 * recordAudit). Raw SQL on purpose: every save writes audit events, and Prisma's per-call query
 * compilation of createMany cost more CPU than the insert (bench/load.ts, issue 18).
 */
export async function recordAudits(client: TDb | TTx, events: TRecordAuditOptions[]): Promise<void> {
  if (events.length === 0) return;
  await client.$executeRaw(auditInsertSql(events));
}

/**
 * The INSERT of audit events as one SQL statement, for recordAudits or to end a caller's own
 * statement (a save appends its revisions and their events in one round trip). Each payload is
 * checked against its event type's schema first (ZAuditEvent): a bad one throws before anything
 * is written. Ids are cuid-shaped (lib/db/new-id) and sort in the order given; `createdAt` is now.
 */
export function auditInsertSql(events: TRecordAuditOptions[]): Prisma.Sql {
  const createdAt = new Date().toISOString();
  const rows = events.map((event) => {
    const { type, payload } = ZAuditEvent.parse({ type: event.type, payload: event.payload });
    return { id: newId(), type, actorId: event.actorId ?? null, studyId: event.studyId ?? null, payload, createdAt };
  });
  return Prisma.sql`
    INSERT INTO "AuditEvent" (id, type, "actorId", "studyId", payload, "createdAt")
    SELECT x.id, x.type, x."actorId", x."studyId", x.payload, CAST(x."createdAt" AS timestamp(3))
      FROM jsonb_to_recordset(CAST(${JSON.stringify(rows)} AS jsonb))
        AS x(id text, type text, "actorId" text, "studyId" text, payload jsonb, "createdAt" text)`;
}
