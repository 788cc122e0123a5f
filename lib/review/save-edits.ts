import { Prisma } from "@prisma/client";
import { imagesOfChanges, reviseAnnotationsInTx, type TAnnotationChange, type TEffectiveAnnotation } from "../annotations";
import { layerIdsOf } from "../annotations/lock-reading-row";
import type { TRole } from "../auth/roles";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { canEditReading, enforce, lockForSave, saveChangesState, type TLockMode } from "./policy";
import { startReadingInTx } from "./start-reading";

export interface SaveEditsOptions {
  readingId: string;
  /** The session's user; the role that counts is the database's (lockForSave, as loadActor). */
  user: { id: string; role: TRole };
  changes: TAnnotationChange[];
}

/** Thrown inside the transaction when a shared study lock turns out too weak; the save reruns with the update lock. */
class NeedsUpdateLock extends Error {}

/**
 * A reader's save: under the study's lock, lib/review/policy's canEditReading decides (own open
 * reading; annotators no diagnoses); an assigned reading starts on its first save; the changes
 * are appended as human revisions (lib/annotations) in the same transaction. Locks and policy
 * inputs come from lockForSave (two statements); the reading row it locked is handed to
 * reviseAnnotationsInTx, which then reads only the heads the save changes.
 */
export async function saveEdits(options: SaveEditsOptions): Promise<TEffectiveAnnotation[]> {
  try {
    try {
      return await saveOnce(options, undefined);
    } catch (error) {
      if (!(error instanceof NeedsUpdateLock)) throw error;
      return await saveOnce(options, "update");
    }
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", { userMessage: "Someone saved this annotation at the same moment; reload and try again.", cause: error });
    }
    throw error;
  }
}

function saveOnce(options: SaveEditsOptions, force: TLockMode | undefined): Promise<TEffectiveAnnotation[]> {
  // Instance rows never change: their lookup runs beside the transaction, not as one more of its round trips.
  const images = imagesOfChanges(db(), options.changes);
  return db().$transaction(async (tx) => {
    const { actor, study, reading: locked, mode } = await lockForSave(tx, { readingId: options.readingId, userId: options.user.id, ...(force ? { force } : {}) });
    let reading = locked;
    enforce(canEditReading(actor, study, reading, { diagnosis: options.changes.some((c) => c.kind === "LEVEL_DIAGNOSIS" || c.kind === "IMPRESSION") }));
    if (saveChangesState(reading, study)) {
      // A state change under a shared study lock could deadlock with another sharer doing the same.
      if (mode === "share") throw new NeedsUpdateLock();
      const started = await startReadingInTx(tx, reading.id, actor.id);
      reading = { ...reading, status: started.status, startedAt: started.startedAt };
    }
    const layerIds = await layerIdsOf(tx, reading);
    return reviseAnnotationsInTx(tx, { readingId: reading.id, authorId: actor.id, changes: options.changes, locked: { reading, layerIds }, images });
  }, LONG_TRANSACTION);
}
