import type { SessionUser } from "../auth/authenticate";
import { db } from "../db/client";
import { visibleReadings } from "./reading-visibility";

/**
 * A study's reading design and the readings a user may see (blinding applied by
 * visibleReadings), with reader names only for the readings shown.
 */
export async function studyReadingsFor(studyId: string, viewer: Pick<SessionUser, "id" | "role">) {
  const { blinded, readings } = await visibleReadings(studyId, viewer);
  const study = await db().study.findUniqueOrThrow({ where: { id: studyId }, select: { readingDesign: true, reviewState: true } });
  const names = new Map(
    (await db().user.findMany({ where: { id: { in: readings.flatMap((r) => (r.readerId ? [r.readerId] : [])) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  return {
    studyId,
    design: study.readingDesign,
    reviewState: study.reviewState,
    blinded,
    readings: readings.map((r) => ({
      id: r.id,
      role: r.role,
      status: r.status,
      readerId: r.readerId,
      readerName: r.readerId ? (names.get(r.readerId) ?? null) : null,
      amendsId: r.amendsId,
      signedAt: r.signedAt?.toISOString() ?? null,
    })),
  };
}
