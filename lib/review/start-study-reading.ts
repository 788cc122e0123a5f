import { Prisma, type Reading } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { TRole } from "../auth/roles";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { canStartReading, enforce, isOpen, loadActor, lockStudy, openPrimary } from "./policy";
import { startReadingInTx } from "./start-reading";
import { transitionStudy } from "./transition-study";

/** The reading role a user's own pass over a study gets: annotators build training labels. */
export function readingRoleFor(role: TRole): "PRIMARY" | "ANNOTATION" {
  return role === "ANNOTATOR" ? "ANNOTATION" : "PRIMARY";
}

export interface StartStudyReadingOptions {
  studyId: string;
  userId: string;
}

export interface TStartedReading {
  reading: Reading;
  /** False when the user resumed a reading of theirs (assigned, or started earlier). */
  created: boolean;
}

/**
 * The explicit start of a reading (issue 12.1; the viewer's Start button and hotkey, POST
 * /api/studies/:id/reading): resumes the user's own open reading of the study (an assigned one
 * becomes IN_PROGRESS), else takes the study for a new reading — PRIMARY for readers, ANNOTATION
 * for annotators — as lib/review/policy's canStartReading allows. Viewing never calls this.
 * Claims are decided under the study's row lock, and the partial unique index
 * "Reading_one_open_primary" guarantees one open primary reading per study even so: a second
 * start is CONFLICT (409) naming the holder and since when. READING_STARTED is audited.
 */
export async function startStudyReading(options: StartStudyReadingOptions): Promise<TStartedReading> {
  try {
    return await db().$transaction(async (tx) => {
      const actor = await loadActor(tx, options.userId);
      const study = await lockStudy(tx, options.studyId);
      const own = [...study.readings].reverse().find((r) => r.readerId === actor.id && r.role !== "AI" && isOpen(r));
      if (own) return { reading: await startReadingInTx(tx, own.id, actor.id), created: false };

      const kind = readingRoleFor(actor.role);
      const holder = openPrimary(study);
      enforce(canStartReading(actor, study, kind, holder?.readerId ? (study.readerNames.get(holder.readerId) ?? null) : null));
      const now = new Date();
      const reading = await tx.reading.create({ data: { studyId: study.id, role: kind, readerId: actor.id, status: "IN_PROGRESS", startedAt: now } });
      await recordAudit(tx, { type: "READING_STARTED", actorId: actor.id, studyId: study.id, payload: { readingId: reading.id, role: kind } });
      if (kind === "PRIMARY" && (study.reviewState === "NEW" || study.reviewState === "PRE_ANNOTATED")) {
        await transitionStudy(tx, study.id, "IN_REVIEW", actor.id, "reading started");
      }
      return { reading, created: true };
    }, LONG_TRANSACTION);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", { userMessage: "Another reader started this study at the same moment; reload to see who holds it.", cause: error });
    }
    throw error;
  }
}
