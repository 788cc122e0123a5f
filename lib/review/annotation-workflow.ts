import type { Reading } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { readingLayers } from "../annotations/reading-layers";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { canReopen, canSubmitDone, enforce, loadActor, lockReading } from "./policy";

export interface AnnotationActionOptions {
  readingId: string;
  userId: string;
  /** Why a supervisor reopens it (kept in the audit event). */
  reason?: string;
}

/**
 * An annotator submits their reading as done (issue 12.5): status DONE with doneAt, audited as
 * READING_SUBMITTED. Done annotation readings are a label source for datasets
 * (lib/datasets/study-labels, label source READER with an annotator); they are not signed and
 * do not move the study through the radiologists' workflow.
 */
export async function submitAnnotation(options: AnnotationActionOptions): Promise<Reading> {
  return db().$transaction(async (tx) => {
    const actor = await loadActor(tx, options.userId);
    const { study, reading } = await lockReading(tx, options.readingId);
    enforce(canSubmitDone(actor, study, reading));
    // Pinned like a signature: a later AI run does not change the labels the annotator submitted.
    const { aiReadingId } = await readingLayers(tx, reading.id);
    const done = await tx.reading.update({ where: { id: reading.id }, data: { status: "DONE", doneAt: new Date(), aiReadingId, version: { increment: 1 } } });
    await recordAudit(tx, { type: "READING_SUBMITTED", actorId: actor.id, studyId: study.id, payload: { readingId: reading.id } });
    return done;
  }, LONG_TRANSACTION);
}

/** A supervisor reopens a submitted annotation (DONE → IN_PROGRESS for its annotator), audited as READING_REOPENED. */
export async function reopenAnnotation(options: AnnotationActionOptions): Promise<Reading> {
  return db().$transaction(async (tx) => {
    const actor = await loadActor(tx, options.userId);
    const { study, reading } = await lockReading(tx, options.readingId);
    enforce(canReopen(actor, study, reading));
    const open = await tx.reading.update({ where: { id: reading.id }, data: { status: "IN_PROGRESS", doneAt: null, aiReadingId: null, version: { increment: 1 } } });
    await recordAudit(tx, { type: "READING_REOPENED", actorId: actor.id, studyId: study.id, payload: { readingId: reading.id, ...(options.reason ? { reason: options.reason.slice(0, 500) } : {}) } });
    return open;
  }, LONG_TRANSACTION);
}
