import type { Reading, ReadingDesign } from "@prisma/client";
import type { SessionUser } from "../auth/authenticate";
import { can } from "../auth/roles";
import { db, type TDb, type TTx } from "../db/client";
import { AppError } from "../errors/app-error";
import { signedReading } from "./current-readings";

type TViewer = Pick<SessionUser, "id" | "role">;
type TReadingLike = Pick<Reading, "id" | "role" | "status" | "readerId" | "amendsId" | "createdAt">;

/**
 * Whether a double-read study is still blinded: DOUBLE_BLINDED and not both PRIMARY and SECOND
 * signed. While it is, each reader sees only their own reading (and the AI's), and nobody without
 * study:assign sees either human reading or who holds it.
 */
export function isBlinded(design: ReadingDesign, readings: readonly TReadingLike[]): boolean {
  return design === "DOUBLE_BLINDED" && !(signedReading(readings, "PRIMARY") && signedReading(readings, "SECOND"));
}

/**
 * The ids of the readings hidden from a viewer by blinding. Blinded readers are blinded even when
 * their role is supervisor; supervisors and admins who are not one of the two readers see all.
 */
export function hiddenReadingIds(viewer: TViewer, design: ReadingDesign, readings: readonly TReadingLike[]): Set<string> {
  if (!isBlinded(design, readings)) return new Set();
  const blindedRoles = new Set(["PRIMARY", "SECOND"]);
  const double = readings.filter((r) => blindedRoles.has(r.role));
  const ownRoles = new Set(double.filter((r) => r.readerId === viewer.id).map((r) => r.role));
  if (ownRoles.size === 0 && can(viewer.role, "study:assign")) return new Set();
  return new Set(double.filter((r) => !ownRoles.has(r.role)).map((r) => r.id));
}

/**
 * HOOK FOR every API that returns readings or their annotations (lib/review, app/studies): the
 * study's readings this viewer may see, with the blinded ones left out entirely (not even their
 * reader's identity).
 */
export async function visibleReadings(studyId: string, viewer: TViewer, client: TDb | TTx = db()) {
  const study = await client.study.findUnique({ where: { id: studyId }, include: { readings: { orderBy: { createdAt: "asc" } } } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const hidden = hiddenReadingIds(viewer, study.readingDesign, study.readings);
  return { blinded: isBlinded(study.readingDesign, study.readings), readings: study.readings.filter((r) => !hidden.has(r.id)) };
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
