import { Prisma, type ReadingRole, type ReadingStatus } from "@prisma/client";
import type { TTx } from "../db/client";
import { readingLayers } from "./reading-layers";

/**
 * A reading row as locked for a save, with what its layers need: the fields the reading policy
 * decides from, the AI reading it is pinned to (`aiReadingId`) and the study's current AI reading.
 */
export interface TLockedReadingRow {
  id: string;
  studyId: string;
  role: ReadingRole;
  status: ReadingStatus;
  readerId: string | null;
  assignedById: string | null;
  amendsId: string | null;
  aiReadingId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  signedAt: Date | null;
  /**
   * The study's newest AI reading not superseded (readingLayers' currentAiReading), null before the
   * pipeline ran; lockForSave leaves it null for a reading that does not follow it (pinned to an AI
   * reading, an amendment, or the AI's own), where layerIdsOf never reads it.
   */
  currentAiReadingId: string | null;
}

/**
 * Locks one reading row (SELECT … FOR UPDATE: saves into a reading run one at a time, so two tabs
 * cannot both pass the base check) and returns it with the study's current AI reading, in one
 * statement; null for an unknown reading. Inside the caller's transaction, after the study's lock
 * where the caller takes one (study → reading, as everywhere).
 */
export async function lockReadingRow(tx: TTx, readingId: string): Promise<TLockedReadingRow | null> {
  const rows = await tx.$queryRaw<TLockedReadingRow[]>`
    SELECT ${READING_ROW_COLUMNS}, ${currentAiOf(Prisma.sql`r."studyId"`)} AS "currentAiReadingId"
      FROM "Reading" r WHERE r.id = ${readingId} FOR UPDATE OF r`;
  return rows[0] ?? null;
}

/**
 * The select list of a TLockedReadingRow less `currentAiReadingId`, for a query whose "Reading"
 * is aliased `r` (lockReadingRow, lib/review's lockForSave). The casts to text give plain
 * strings; the database's enum types guarantee the values.
 */
export const READING_ROW_COLUMNS = Prisma.sql`
  r.id, r."studyId", r.role::text AS role, r.status::text AS status, r."readerId", r."assignedById",
  r."amendsId", r."aiReadingId", r."createdAt", r."startedAt", r."signedAt"`;

/** readingLayers' currentAiReading as a scalar subquery on a study id (an SQL expression). */
function currentAiOf(studyId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT ai.id FROM "Reading" ai
    WHERE ai."studyId" = ${studyId} AND ai.role = 'AI' AND ai.status <> 'SUPERSEDED'
    ORDER BY ai."createdAt" DESC LIMIT 1)`;
}

/**
 * The id of the study's current AI reading (readingLayers' currentAiReading) in one raw
 * statement, null before the pipeline ran. Read after the study's lock, it sees a rerun that
 * committed while the caller waited for that lock.
 */
export async function currentAiReadingIdOf(tx: TTx, studyId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<Array<{ id: string | null }>>`SELECT ${currentAiOf(Prisma.sql`${studyId}`)} AS id`;
  return rows[0]?.id ?? null;
}

/**
 * The layer ids of a locked reading, bottom to top (see readingLayers): without an amendment chain
 * they follow from the row alone (its pinned AI reading, else the study's current one, then
 * itself); an amendment walks its chain with readingLayers.
 */
export async function layerIdsOf(tx: TTx, row: TLockedReadingRow): Promise<string[]> {
  if (row.role === "AI") return [row.id];
  if (row.amendsId) return (await readingLayers(tx, row.id)).layerIds;
  const aiId = row.aiReadingId ?? row.currentAiReadingId;
  return aiId ? [aiId, row.id] : [row.id];
}
