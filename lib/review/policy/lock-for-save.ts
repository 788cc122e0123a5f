import type { ReadingDesign, ReadingRole, ReadingStatus, ReviewState } from "@prisma/client";
import { lockReadingRow, type TLockedReadingRow } from "../../annotations/lock-reading-row";
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

interface TPeekRow {
  id: string;
  role: string;
  disabled: boolean;
  studyId: string | null;
  status: ReadingStatus | null;
  readingRole: ReadingRole | null;
  amendsId: string | null;
  reviewState: ReviewState | null;
}

/**
 * The save path's locks and policy inputs in three statements (a save under load is a chain of
 * round trips, each waiting its turn on a busy server: bench/load.ts), in the order every state
 * change takes them (study → reading, so no deadlocks):
 *  1. the actor as the database knows them now (role, disabled: loadActor's rule) and an unlocked
 *     peek at the reading and its study, which picks the study lock: "share" for a save that
 *     changes no state (saves of different readers run side by side), else "update" (`force`);
 *  2. the study row, SELECT … FOR SHARE / FOR UPDATE, with its design and review state;
 *  3. the reading row, SELECT … FOR UPDATE (lockReadingRow), with its current AI reading.
 * Unlike lockReading it does not load the study's other readings: canEditReading decides from
 * the actor, this reading and the study's state. FORBIDDEN for an account that no longer exists,
 * NOT_FOUND for an unknown reading. The caller re-checks saveChangesState on what it locked: a
 * peek that raced a state change can have taken the share lock for a save that needs the update.
 */
export async function lockForSave(tx: TTx, options: { readingId: string; userId: string; force?: TLockMode }): Promise<TSaveLock> {
  const peeked = await tx.$queryRaw<TPeekRow[]>`
    SELECT u.id, u.role::text AS role, u.disabled, r."studyId", r.status::text AS status, r.role::text AS "readingRole",
           r."amendsId", s."reviewState"::text AS "reviewState"
      FROM "User" u
      LEFT JOIN ("Reading" r JOIN "Study" s ON s.id = r."studyId") ON r.id = ${options.readingId}
     WHERE u.id = ${options.userId}`;
  const peek = peeked[0];
  if (!peek || !isRole(peek.role)) throw new AppError("FORBIDDEN", { userMessage: "Your account does not exist any more." });
  if (!peek.studyId || !peek.status || !peek.readingRole || !peek.reviewState) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  const actor: TActor = { id: peek.id, role: peek.role, disabled: peek.disabled };

  const mode: TLockMode = options.force ?? (saveChangesState({ status: peek.status, role: peek.readingRole, amendsId: peek.amendsId }, { reviewState: peek.reviewState }) ? "update" : "share");
  const studies =
    mode === "share"
      ? await tx.$queryRaw<Array<{ id: string; readingDesign: ReadingDesign; reviewState: ReviewState }>>`
          SELECT id, "readingDesign"::text AS "readingDesign", "reviewState"::text AS "reviewState" FROM "Study" WHERE id = ${peek.studyId} FOR SHARE`
      : await tx.$queryRaw<Array<{ id: string; readingDesign: ReadingDesign; reviewState: ReviewState }>>`
          SELECT id, "readingDesign"::text AS "readingDesign", "reviewState"::text AS "reviewState" FROM "Study" WHERE id = ${peek.studyId} FOR UPDATE`;
  const study = studies[0];
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  const reading = await lockReadingRow(tx, options.readingId);
  // A reading never moves between studies; the check keeps the lock order honest all the same.
  if (!reading || reading.studyId !== study.id) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  return { actor, study, reading, mode };
}
