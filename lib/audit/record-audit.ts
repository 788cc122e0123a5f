import type { Prisma } from "@prisma/client";
import type { TDb, TTx } from "../db/client";
import { ZAuditEvent, type TAuditEvent } from "./events";

export type TRecordAuditOptions = TAuditEvent & { actorId?: string | null; studyId?: string | null };

/** Writes one audit event with the given client (pass the transaction of the change it records). */
export async function recordAudit(client: TDb | TTx, event: TRecordAuditOptions): Promise<void> {
  const { type, payload } = ZAuditEvent.parse({ type: event.type, payload: event.payload });
  await client.auditEvent.create({
    data: {
      type,
      payload: payload as Prisma.InputJsonValue,
      actorId: event.actorId ?? null,
      studyId: event.studyId ?? null,
    },
  });
}

/** Writes several audit events with one statement (same client and transaction rules as recordAudit). */
export async function recordAudits(client: TDb | TTx, events: TRecordAuditOptions[]): Promise<void> {
  if (events.length === 0) return;
  await client.auditEvent.createMany({
    data: events.map((event) => {
      const { type, payload } = ZAuditEvent.parse({ type: event.type, payload: event.payload });
      return { type, payload: payload as Prisma.InputJsonValue, actorId: event.actorId ?? null, studyId: event.studyId ?? null };
    }),
  });
}
