import type { ReadingRole } from "@prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { TTx } from "../db/client";
import { AppError } from "../errors/app-error";
import { can, isRole } from "../auth/roles";

/**
 * Creates an ASSIGNED reading of a study for a reader, with its READING_ASSIGNED audit event, in
 * the caller's transaction. Minimal on purpose: lib/review owns the reading workflow (start,
 * sign, amend); supervision only needs assignment, and this keeps it independent of that room.
 */
export async function createAssignedReading(tx: TTx, options: { studyId: string; role: ReadingRole; readerId: string; assignedById: string }) {
  await assertEligibleReader(tx, options.readerId);
  const reading = await tx.reading.create({
    data: { studyId: options.studyId, role: options.role, readerId: options.readerId, assignedById: options.assignedById, status: "ASSIGNED" },
  });
  await recordAudit(tx, {
    type: "READING_ASSIGNED",
    actorId: options.assignedById,
    studyId: options.studyId,
    payload: { readingId: reading.id, readerId: options.readerId, role: options.role },
  });
  return reading;
}

/** A reader must exist, be enabled, and hold study:sign (radiologists and supervisors). */
export async function assertEligibleReader(tx: TTx, readerId: string): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: readerId } });
  if (!user || user.disabled) throw new AppError("INVALID_INPUT", { userMessage: "That reader does not exist or is disabled." });
  if (!isRole(user.role) || !can(user.role, "study:sign")) {
    throw new AppError("INVALID_INPUT", { userMessage: "Only radiologists and supervisors can be assigned a reading." });
  }
}
