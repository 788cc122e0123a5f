import { AppError } from "../../errors/app-error";
import { isRole } from "../../auth/roles";
import type { TTx } from "../../db/client";
import type { TActor, TPolicyReading, TPolicyStudy } from "./types";

export interface TLockedStudy extends TPolicyStudy {
  /** Reader names by user id, for the sentences that name a holder. */
  readerNames: Map<string, string>;
}

/**
 * "update": the action changes reading or study state (start, sign, amend, release, …): one at
 * a time per study. "share": a save into a reading already in progress, which changes no state:
 * saves of different readers run side by side, while any state change waits for them (and they
 * for it), so a save never lands in a reading signed meanwhile.
 */
export type TLockMode = "update" | "share";

/**
 * Locks a study row (SELECT … FOR UPDATE, or FOR SHARE) and loads it with every reading, inside
 * the caller's transaction. Every reading state change takes this lock first, so that decisions
 * and writes are serialised per study (and locks are always taken study → reading: no deadlocks).
 */
export async function lockStudy(tx: TTx, studyId: string, mode: TLockMode = "update"): Promise<TLockedStudy> {
  if (mode === "share") await tx.$queryRaw`SELECT id FROM "Study" WHERE id = ${studyId} FOR SHARE`;
  else await tx.$queryRaw`SELECT id FROM "Study" WHERE id = ${studyId} FOR UPDATE`;
  const study = await tx.study.findUnique({
    where: { id: studyId },
    select: { id: true, readingDesign: true, reviewState: true, readings: { orderBy: { createdAt: "asc" }, include: { reader: { select: { id: true, name: true } } } } },
  });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const readerNames = new Map(study.readings.flatMap((r) => (r.reader ? [[r.reader.id, r.reader.name] as const] : [])));
  return { id: study.id, readingDesign: study.readingDesign, reviewState: study.reviewState, readings: study.readings, readerNames };
}

/** Locks the study of a reading and returns both; NOT_FOUND for an unknown reading. */
export async function lockReading(tx: TTx, readingId: string, mode: TLockMode = "update"): Promise<{ study: TLockedStudy; reading: TPolicyReading }> {
  const row = await tx.reading.findUnique({ where: { id: readingId }, select: { studyId: true } });
  if (!row) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  const study = await lockStudy(tx, row.studyId, mode);
  const reading = study.readings.find((r) => r.id === readingId);
  if (!reading) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  return { study, reading };
}

/**
 * The acting user as the database knows them now (role and disabled flag), not as a session
 * token remembers them: a role change or a disabled account takes effect at the next action.
 */
export async function loadActor(tx: TTx, userId: string): Promise<TActor> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, disabled: true } });
  if (!user || !isRole(user.role)) throw new AppError("FORBIDDEN", { userMessage: "Your account does not exist any more." });
  return { id: user.id, role: user.role, disabled: user.disabled };
}
