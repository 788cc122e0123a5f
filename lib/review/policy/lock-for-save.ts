import { Prisma, type ReadingDesign, type ReadingRole, type ReadingStatus, type ReviewState } from "@prisma/client";
import { READING_ROW_COLUMNS, currentAiReadingIdOf, type TLockedReadingRow } from "../../annotations/lock-reading-row";
import { isRole } from "../../auth/roles";
import type { TTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import type { TLockMode } from "./load";
import type { TActor, TPolicyStudy } from "./types";

/** What a save decides from, loaded under its locks (see lockForSave). */
export interface TSaveLock {
  actor: TActor;
  study: Pick<TPolicyStudy, "id" | "readingDesign" | "reviewState">;
  /** The reading, locked FOR UPDATE, with what its layers need. */
  reading: TLockedReadingRow;
  /** The study lock taken: "share" only for a save that changes no reading or study state. */
  mode: TLockMode;
}

/**
 * Whether a save into this reading changes state (startReadingInTx's work): an assigned reading
 * starts, and a single-read primary reading moves a NEW or PRE_ANNOTATED study into IN_REVIEW.
 * Such a save needs the study's update lock; any other save shares it.
 */
export function saveChangesState(
  reading: { status: ReadingStatus; role: ReadingRole; amendsId: string | null },
  study: { reviewState: ReviewState },
): boolean {
  if (reading.status === "ASSIGNED") return true;
  return reading.role === "PRIMARY" && !reading.amendsId && (study.reviewState === "NEW" || study.reviewState === "PRE_ANNOTATED");
}

interface TSaveLockRow extends Omit<TLockedReadingRow, "currentAiReadingId"> {
  readingDesign: ReadingDesign;
  reviewState: ReviewState;
  actorId: string;
  actorRole: string;
  actorDisabled: boolean;
}

/**
 * The save path's locks and policy inputs in one statement (a save under load is a chain of
 * round trips, each waiting its turn on a busy server: bench/load.ts): the reading's study row
 * locked FOR SHARE (saves of different readers run side by side) or FOR UPDATE (`force`), then
 * the reading row FOR UPDATE (READING_ROW_COLUMNS), and the actor as the database knows them now
 * (role, disabled: loadActor's rule); for a reading that follows the study's current AI reading, a
 * second statement reads that one after the locks (currentAiReadingIdOf). The locking clauses name the
 * study before the reading: PostgreSQL takes a statement's row locks in the order of its locking
 * clauses (its row marks), which is the order every state change takes them (study → reading, so
 * no deadlocks; test/integration/save-concurrency races saves against a sign).
 * Unlike lockReading it does not load the study's other readings: canEditReading decides from
 * the actor, this reading and the study's state. FORBIDDEN for an account that no longer exists,
 * NOT_FOUND for an unknown reading. The caller checks saveChangesState on what it locked: a save
 * that changes state under the share lock must rerun with `force: "update"` (the reading's first
 * save, once per reading).
 */
export async function lockForSave(tx: TTx, options: { readingId: string; userId: string; force?: TLockMode }): Promise<TSaveLock> {
  const mode: TLockMode = options.force ?? "share";
  const locking = mode === "share" ? Prisma.sql`FOR SHARE OF s FOR UPDATE OF r` : Prisma.sql`FOR UPDATE OF s FOR UPDATE OF r`;
  const rows = await tx.$queryRaw<TSaveLockRow[]>`
    SELECT ${READING_ROW_COLUMNS},
           s."readingDesign"::text AS "readingDesign", s."reviewState"::text AS "reviewState",
           u.id AS "actorId", u.role::text AS "actorRole", u.disabled AS "actorDisabled"
      FROM "Study" s JOIN "Reading" r ON r."studyId" = s.id CROSS JOIN "User" u
     WHERE r.id = ${options.readingId} AND u.id = ${options.userId}
     ${locking}`;
  const row = rows[0];
  if (!row) {
    const users = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "User" WHERE id = ${options.userId}`;
    if (users.length === 0) throw new AppError("FORBIDDEN", { userMessage: "Your account does not exist any more." });
    throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  }
  if (!isRole(row.actorRole)) throw new AppError("FORBIDDEN", { userMessage: "Your account does not exist any more." });
  const { readingDesign, reviewState, actorId, actorRole, actorDisabled, ...reading } = row;
  // The study's current AI reading is read by a statement of its own, after the locks: a subquery
  // of the locking statement would run on the snapshot taken before it waited for the study's lock
  // and miss a pipeline rerun that stored a new AI reading meanwhile (under the study's update
  // lock). Only a reading that follows the current AI reading needs it (layerIdsOf).
  const followsCurrentAi = reading.role !== "AI" && !reading.amendsId && !reading.aiReadingId;
  const currentAiReadingId = followsCurrentAi ? await currentAiReadingIdOf(tx, reading.studyId) : null;
  return {
    actor: { id: actorId, role: actorRole, disabled: actorDisabled },
    study: { id: reading.studyId, readingDesign, reviewState },
    reading: { ...reading, currentAiReadingId },
    mode,
  };
}
