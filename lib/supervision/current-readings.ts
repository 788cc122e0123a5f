import type { Reading, ReadingRole } from "@prisma/client";

type TReadingLike = Pick<Reading, "id" | "role" | "status" | "amendsId" | "createdAt">;

/**
 * The live reading of a role among a study's readings: amendments form chains (a signed reading
 * amended by a newer one), and the newest link that is not SUPERSEDED is the live one (it may
 * still be in progress).
 */
export function currentReading<T extends TReadingLike>(readings: readonly T[], role: ReadingRole): T | null {
  const amended = new Set(readings.filter((r) => r.amendsId && r.status !== "SUPERSEDED").map((r) => r.amendsId));
  return newest(readings.filter((r) => r.role === role && r.status !== "SUPERSEDED" && !amended.has(r.id)));
}

/**
 * The signed reading of a role that counts: the newest signed link of its amendment chain (an
 * amendment still in progress does not hide the signed reading it amends).
 */
export function signedReading<T extends TReadingLike>(readings: readonly T[], role: ReadingRole): T | null {
  const amendedBySigned = new Set(readings.filter((r) => r.amendsId && r.status === "SIGNED").map((r) => r.amendsId));
  return newest(readings.filter((r) => r.role === role && r.status === "SIGNED" && !amendedBySigned.has(r.id)));
}

function newest<T extends TReadingLike>(readings: T[]): T | null {
  return readings.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null;
}
