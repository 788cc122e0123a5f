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

interface TStudyLockRow {
  id: string;
  readingDesign: ReadingDesign;
  reviewState: ReviewState;
  actorId: string;
  actorRole: string;
  actorDisabled: boolean;
}

/**
 * The save path's locks and policy inputs in two statements (a save under load is a chain of
 * round trips, each waiting its turn on a busy server: bench/load.ts), in the order every state
 * change takes them (study → reading, so no deadlocks):
 *  1. the reading's study row, SELECT … FOR SHARE (saves of different readers run side by side)
 *     or FOR UPDATE (`force`), with its design and review state, joined with the actor as the
 *     database knows them now (role, disabled: loadActor's rule);
 *  2. the reading row, SELECT … FOR UPDATE (lockReadingRow), with its current AI reading.
 * Unlike lockReading it does not load the study's other readings: canEditReading decides from
 * the actor, this reading and the study's state. FORBIDDEN for an account that no longer exists,
 * NOT_FOUND for an unknown reading. The caller checks saveChangesState on what it locked: a save
 * that changes state under the share lock must rerun with `force: "update"` (the reading's first
 * save, once per reading).
 */
export async function lockForSave(tx: TTx, options: { readingId: string; userId: string; force?: TLockMode }): Promise<TSaveLock> {
  const mode: TLockMode = options.force ?? "share";
  const studies =
    mode === "share"
      ? await tx.$queryRaw<TStudyLockRow[]>`
          SELECT s.id, s."readingDesign"::text AS "readingDesign", s."reviewState"::text AS "reviewState",
                 u.id AS "actorId", u.role::text AS "actorRole", u.disabled AS "actorDisabled"
            FROM "Reading" r JOIN "Study" s ON s.id = r."studyId" CROSS JOIN "User" u
           WHERE r.id = ${options.readingId} AND u.id = ${options.userId}
             FOR SHARE OF s`
      : await tx.$queryRaw<TStudyLockRow[]>`
          SELECT s.id, s."readingDesign"::text AS "readingDesign", s."reviewState"::text AS "reviewState",
                 u.id AS "actorId", u.role::text AS "actorRole", u.disabled AS "actorDisabled"
            FROM "Reading" r JOIN "Study" s ON s.id = r."studyId" CROSS JOIN "User" u
           WHERE r.id = ${options.readingId} AND u.id = ${options.userId}
             FOR UPDATE OF s`;
  const row = studies[0];
  if (!row) {
    const users = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "User" WHERE id = ${options.userId}`;
    if (users.length === 0) throw new AppError("FORBIDDEN", { userMessage: "Your account does not exist any more." });
    throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  }
  if (!isRole(row.actorRole)) throw new AppError("FORBIDDEN", { userMessage: "Your account does not exist any more." });
  const actor: TActor = { id: row.actorId, role: row.actorRole, disabled: row.actorDisabled };
  const study = { id: row.id, readingDesign: row.readingDesign, reviewState: row.reviewState };
  const reading = await lockReadingRow(tx, options.readingId);
  // A reading never moves between studies; the check keeps the lock order honest all the same.
  if (!reading || reading.studyId !== study.id) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  return { actor, study, reading, mode };
}
