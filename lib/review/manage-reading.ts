import type { Reading } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db, type TTx } from "../db/client";
import { canReassign, canRelease, enforce, loadActor, lockReading, type TPolicyReading, type TLockedStudy } from "./policy";
import { transitionStudy } from "./transition-study";

export interface ReleaseReadingOptions {
  readingId: string;
  userId: string;
  reason?: string;
}

/**
 * Releases an open reading (issue 12.1): it becomes SUPERSEDED (its revisions stay in the
 * history) and the study is free to start again; READING_RELEASED is audited. A released
 * amendment lets go of the signed reading it named (so that it can be amended anew) and the
 * study returns to its signed state; a released single primary reading returns the study to
 * PRE_ANNOTATED (or NEW without an AI reading). Supervisors, or the reader of a study they took.
 */
export async function releaseReading(options: ReleaseReadingOptions): Promise<Reading> {
  return db().$transaction(async (tx) => {
    const actor = await loadActor(tx, options.userId);
    const { study, reading } = await lockReading(tx, options.readingId);
    enforce(canRelease(actor, study, reading));
    const released = await supersede(tx, reading);
    await recordAudit(tx, {
      type: "READING_RELEASED",
      actorId: actor.id,
      studyId: study.id,
      payload: { readingId: reading.id, readerId: reading.readerId ?? "", role: reading.role, ...(reading.amendsId ? { amendsId: reading.amendsId } : {}), ...(options.reason ? { reason: options.reason.slice(0, 500) } : {}) },
    });
    await settleStudy(tx, study, reading, actor.id);
    return released;
  }, LONG_TRANSACTION);
}

export interface ReassignReadingOptions {
  readingId: string;
  userId: string;
  toReaderId: string;
}

/**
 * Hands an open reading to another reader (issue 12.1): the old one becomes SUPERSEDED, a new
 * one of the same role is ASSIGNED to them (starting from the AI's values again; the old work
 * stays in the history). Supervisors only; READING_REASSIGNED is audited.
 */
export async function reassignReading(options: ReassignReadingOptions): Promise<Reading> {
  return db().$transaction(async (tx) => {
    const actor = await loadActor(tx, options.userId);
    const { study, reading } = await lockReading(tx, options.readingId);
    const to = await tx.user.findUnique({ where: { id: options.toReaderId }, select: { id: true, role: true, disabled: true } });
    enforce(canReassign(actor, study, reading, to ? { id: to.id, role: to.role, disabled: to.disabled } : null));
    await supersede(tx, reading);
    const next = await tx.reading.create({ data: { studyId: study.id, role: reading.role, readerId: options.toReaderId, assignedById: actor.id, status: "ASSIGNED" } });
    await recordAudit(tx, {
      type: "READING_REASSIGNED",
      actorId: actor.id,
      studyId: study.id,
      payload: { fromReadingId: reading.id, toReadingId: next.id, fromReaderId: reading.readerId ?? "", toReaderId: options.toReaderId, role: reading.role },
    });
    return next;
  }, LONG_TRANSACTION);
}

async function supersede(tx: TTx, reading: TPolicyReading): Promise<Reading> {
  // A superseded amendment lets go of the reading it named (Reading.amendsId is unique); the
  // audit event keeps the link.
  return tx.reading.update({ where: { id: reading.id }, data: { status: "SUPERSEDED", amendsId: null, version: { increment: 1 } } });
}

async function settleStudy(tx: TTx, study: TLockedStudy, reading: TPolicyReading, actorId: string): Promise<void> {
  if (reading.amendsId) {
    const back = reading.role === "PRIMARY" && study.readingDesign === "SINGLE" ? "SIGNED" : reading.role === "ADJUDICATION" ? "SIGNED" : null;
    if (back) await transitionStudy(tx, study.id, back, actorId, "amendment released");
    return;
  }
  if (reading.role === "PRIMARY" && study.readingDesign === "SINGLE" && study.reviewState === "IN_REVIEW") {
    const hasAi = study.readings.some((r) => r.role === "AI" && r.status !== "SUPERSEDED");
    await transitionStudy(tx, study.id, hasAi ? "PRE_ANNOTATED" : "NEW", actorId, "reading released");
  }
}
