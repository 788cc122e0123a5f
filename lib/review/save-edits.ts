import { Prisma } from "@prisma/client";
import { reviseAnnotationsInTx, type TAnnotationChange, type TEffectiveAnnotation } from "../annotations";
import type { TRole } from "../auth/roles";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { canEditReading, enforce, loadActor, lockReading } from "./policy";
import { startReadingInTx } from "./start-reading";

export interface SaveEditsOptions {
  readingId: string;
  /** The session's user; the role that counts is the database's (loadActor). */
  user: { id: string; role: TRole };
  changes: TAnnotationChange[];
}

/**
 * A reader's save: under the study's lock, lib/review/policy's canEditReading decides (own open
 * reading; annotators no diagnoses); an assigned reading starts on its first save; the changes
 * are appended as human revisions (lib/annotations) in the same transaction.
 */
export async function saveEdits(options: SaveEditsOptions): Promise<TEffectiveAnnotation[]> {
  try {
    return await db().$transaction(async (tx) => {
      const actor = await loadActor(tx, options.user.id);
      // A reading already in progress changes no state on a save: a shared lock lets readers
      // save side by side; the first save of an assigned reading starts it (an update lock).
      const peek = await tx.reading.findUnique({ where: { id: options.readingId }, select: { status: true } });
      const { study, reading } = await lockReading(tx, options.readingId, peek?.status === "IN_PROGRESS" ? "share" : "update");
      enforce(canEditReading(actor, study, reading, { diagnosis: options.changes.some((c) => c.kind === "LEVEL_DIAGNOSIS" || c.kind === "IMPRESSION") }));
      await startReadingInTx(tx, options.readingId, actor.id);
      return reviseAnnotationsInTx(tx, { readingId: options.readingId, authorId: actor.id, changes: options.changes });
    }, LONG_TRANSACTION);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", { userMessage: "Someone saved this annotation at the same moment; reload and try again.", cause: error });
    }
    throw error;
  }
}
