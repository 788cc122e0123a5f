import type { Reading, ReadingRole } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db, type TTx } from "../db/client";
import { AppError } from "../errors/app-error";

export interface CreateReadingOptions {
  studyId: string;
  role: Exclude<ReadingRole, "AI">;
  readerId: string;
  /** Who assigned it (a supervisor); null when readers take a study themselves. */
  assignedById?: string | null;
  /** Status to start in: ASSIGNED (default, by a supervisor) or IN_PROGRESS (opened by the reader). */
  status?: "ASSIGNED" | "IN_PROGRESS";
}

/**
 * Creates a reading (the assignment of a study to a reader) with READING_ASSIGNED, inside the
 * caller's transaction. Permission-agnostic: callers check who may do it (lib/auth via apiRoute).
 */
export async function createReadingInTx(tx: TTx, options: CreateReadingOptions): Promise<Reading> {
  const study = await tx.study.findUnique({ where: { id: options.studyId }, select: { id: true } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const reading = await tx.reading.create({
    data: { studyId: options.studyId, role: options.role, readerId: options.readerId, assignedById: options.assignedById ?? null, status: options.status ?? "ASSIGNED" },
  });
  await recordAudit(tx, {
    type: "READING_ASSIGNED",
    actorId: options.assignedById ?? options.readerId,
    studyId: options.studyId,
    payload: { readingId: reading.id, readerId: options.readerId, role: options.role },
  });
  return reading;
}

/** createReadingInTx in a transaction of its own. */
export async function createReading(options: CreateReadingOptions): Promise<Reading> {
  return db().$transaction((tx) => createReadingInTx(tx, options), LONG_TRANSACTION);
}
