import { reviseAnnotationsInTx, type TAnnotationChange, type TEffectiveAnnotation } from "../annotations";
import { can, type TRole } from "../auth/roles";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { Prisma } from "@prisma/client";
import { startReadingInTx } from "./start-reading";

export interface SaveEditsOptions {
  readingId: string;
  user: { id: string; role: TRole };
  changes: TAnnotationChange[];
}

/**
 * A reader's save: the reading starts (and the study enters review) on the first one, then the
 * changes are appended as human revisions (lib/annotations) in the same transaction. Annotator
 * mode: a diagnosis change needs diagnosis:edit (lib/auth/roles.ts).
 */
export async function saveEdits(options: SaveEditsOptions): Promise<TEffectiveAnnotation[]> {
  if (options.changes.some((c) => c.kind === "LEVEL_DIAGNOSIS") && !can(options.user.role, "diagnosis:edit")) {
    throw new AppError("FORBIDDEN", { userMessage: "Your role edits boxes and levels, not diagnoses." });
  }
  try {
    return await db().$transaction(async (tx) => {
      await startReadingInTx(tx, options.readingId, options.user.id);
      return reviseAnnotationsInTx(tx, { readingId: options.readingId, authorId: options.user.id, changes: options.changes });
    }, LONG_TRANSACTION);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", { userMessage: "Someone saved this annotation at the same moment; reload and try again.", cause: error });
    }
    throw error;
  }
}
