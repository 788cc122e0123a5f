import type { Reading, ReadingDesign, ReviewState } from "@prisma/client";
import type { SessionUser } from "../auth/authenticate";
import { can } from "../auth/roles";
import { db, type TDb, type TTx } from "../db/client";
import { AppError } from "../errors/app-error";
import { signedReading } from "./current-readings";

type TViewer = Pick<SessionUser, "id" | "role">;
type TReadingLike = Pick<Reading, "id" | "role" | "status" | "readerId" | "amendsId" | "createdAt">;

/**
 * Whether a double-read study is still blinded: DOUBLE_BLINDED and without its final record —
 * not SIGNED, and not both PRIMARY and SECOND signed (issue 12.4). In ADJUDICATION the two
 * readers stay blind to each other (they must not converge while a third reader decides); the
 * adjudicator and supervisors see both.
 */
export function isBlinded(design: ReadingDesign, readings: readonly TReadingLike[], reviewState: ReviewState): boolean {
  if (design !== "DOUBLE_BLINDED" || reviewState === "SIGNED") return false;
  return reviewState === "ADJUDICATION" || !(signedReading(readings, "PRIMARY") && signedReading(readings, "SECOND"));
}

/**
 * The ids of the readings hidden from a viewer by blinding. Blinded readers are blinded even when
 * their role is supervisor; the study's adjudicator and supervisors and admins who are not one
 * of the two readers see all.
 */
export function hiddenReadingIds(viewer: TViewer, design: ReadingDesign, readings: readonly TReadingLike[], reviewState: ReviewState): Set<string> {
  if (!isBlinded(design, readings, reviewState)) return new Set();
  const blindedRoles = new Set(["PRIMARY", "SECOND"]);
  const double = readings.filter((r) => blindedRoles.has(r.role));
  const ownRoles = new Set(double.filter((r) => r.readerId === viewer.id && r.status !== "SUPERSEDED").map((r) => r.role));
  const adjudicates = readings.some((r) => r.role === "ADJUDICATION" && r.readerId === viewer.id && r.status !== "SUPERSEDED");
  if (ownRoles.size === 0 && (adjudicates || can(viewer.role, "study:assign"))) return new Set();
  return new Set(double.filter((r) => !ownRoles.has(r.role)).map((r) => r.id));
}

/**
 * Which of a study's audit events a viewer may see under blinding: not those the hidden reading's
 * reader caused, nor those that name a hidden reading or its reader anywhere in their payload
 * (ids are cuids, so a payload's text names one exactly where it carries it). All events of a
 * study that blinds nothing from this viewer pass.
 */
export function auditEventVisibility(
  viewer: TViewer,
  study: { readingDesign: ReadingDesign; reviewState: ReviewState; readings: readonly TReadingLike[] },
): (event: { actorId: string | null; payload: unknown }) => boolean {
  const hidden = hiddenReadingIds(viewer, study.readingDesign, study.readings, study.reviewState);
  if (hidden.size === 0) return () => true;
  const hiddenReaders = new Set(study.readings.filter((r) => hidden.has(r.id) && r.readerId).map((r) => r.readerId as string));
  const hiddenIds = [...hidden, ...hiddenReaders];
  return (event) => {
    if (event.actorId && hiddenReaders.has(event.actorId)) return false;
    const text = JSON.stringify(event.payload);
    return !hiddenIds.some((id) => text.includes(id));
  };
}

/**
 * HOOK FOR every API that returns readings or their annotations (lib/review, app/studies): the
 * study's readings this viewer may see, with the blinded ones left out entirely (not even their
 * reader's identity).
 */
export async function visibleReadings(studyId: string, viewer: TViewer, client: TDb | TTx = db()) {
  const study = await client.study.findUnique({ where: { id: studyId }, include: { readings: { orderBy: { createdAt: "asc" } } } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const hidden = hiddenReadingIds(viewer, study.readingDesign, study.readings, study.reviewState);
  return { blinded: isBlinded(study.readingDesign, study.readings, study.reviewState), readings: study.readings.filter((r) => !hidden.has(r.id)) };
}

/**
 * HOOK: throws NOT_FOUND (so that a hidden reading's existence does not leak) when blinding hides
 * this reading from the viewer; call before returning a reading or its annotations.
 */
export async function assertReadingVisible(readingId: string, viewer: TViewer, client: TDb | TTx = db()): Promise<void> {
  const reading = await client.reading.findUnique({ where: { id: readingId }, select: { studyId: true } });
  if (!reading) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  const { readings } = await visibleReadings(reading.studyId, viewer, client);
  if (!readings.some((r) => r.id === readingId)) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
}
