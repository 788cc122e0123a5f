import { newId } from "../db/new-id";
import type { Prisma } from "@prisma/client";
import type { TTx } from "../db/client";

/** Columns of "Instance" written by import, with their PostgreSQL types (prisma/schema.prisma). */
const COLUMNS = {
  id: "text",
  sopInstanceUid: "text",
  seriesId: "text",
  sopClassUid: "text",
  instanceNumber: "integer",
  transferSyntaxUid: "text",
  sha256: "text",
  byteSize: "integer",
  rows: "integer",
  columns: "integer",
  frames: "integer",
  samplesPerPixel: "integer",
  bitsAllocated: "integer",
  bitsStored: "integer",
  pixelRepresentation: "integer",
  photometricInterpretation: "text",
  rescaleSlope: "double precision",
  rescaleIntercept: "double precision",
  windowCenter: "double precision",
  windowWidth: "double precision",
  imagePositionPatient: "double precision[]",
  imageOrientationPatient: "double precision[]",
  pixelSpacing: "double precision[]",
  sliceThickness: "double precision",
  frameOfReferenceUid: "text",
  warnings: "text[]",
} as const satisfies Partial<Record<keyof Prisma.InstanceCreateManyInput, string>>;

const NAMES = Object.keys(COLUMNS).map((c) => `"${c}"`).join(", ");
const RECORD = Object.entries(COLUMNS).map(([c, type]) => `"${c}" ${type}`).join(", ");
const SQL = `INSERT INTO "Instance" (${NAMES}) SELECT ${NAMES} FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD}) ON CONFLICT ("sopInstanceUid") DO NOTHING RETURNING "sopInstanceUid"`;

export type TInstanceRow = Omit<Prisma.InstanceCreateManyInput, "id" | "createdAt">;

/**
 * Inserts instance rows in one statement and returns the SOP Instance UIDs actually inserted
 * (one already present is skipped, as createMany's skipDuplicates would). Raw SQL on purpose:
 * Prisma's query compiler spent ~6 ms of CPU per row on createManyAndReturn (bench/import.ts),
 * more than parsing and hashing the file; one JSON parameter costs almost nothing.
 */
export async function insertInstances(tx: TTx, rows: TInstanceRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const records = rows.map((row) => ({ id: newId(), ...row }));
  const inserted = await tx.$queryRawUnsafe<Array<{ sopInstanceUid: string }>>(SQL, JSON.stringify(records));
  return inserted.map((r) => r.sopInstanceUid);
}
