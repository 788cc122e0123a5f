import type { Reading } from "@prisma/client";
import type { TRole } from "../auth/roles";
import { LONG_TRANSACTION } from "../annotations/transaction-options";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { createReadingInTx } from "./create-reading";

/** The reading role a user's own pass over a study gets: annotators build training labels. */
export function readingRoleFor(role: TRole): "PRIMARY" | "ANNOTATION" {
  return role === "ANNOTATOR" ? "ANNOTATION" : "PRIMARY";
}

export interface OpenReadingOptions {
  studyId: string;
  userId: string;
  userRole: TRole;
}

/**
 * The current user's open reading of a study (single-reading design): the newest one of theirs
 * that is assigned or in progress, else a new one they take themselves. A signed study gives
 * STUDY_SIGNED (amend the signed reading instead); a double-blinded study is opened only through
 * the readings a supervisor assigned (lib/supervision). Callers check permissions.
 */
export async function openReading(options: OpenReadingOptions): Promise<Reading> {
  const role = readingRoleFor(options.userRole);
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Study" WHERE id = ${options.studyId} FOR UPDATE`;
    const study = await tx.study.findUnique({ where: { id: options.studyId }, select: { reviewState: true, readingDesign: true } });
    if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
    const mine = await tx.reading.findFirst({
      where: { studyId: options.studyId, readerId: options.userId, role: { not: "AI" }, status: { in: ["ASSIGNED", "IN_PROGRESS"] } },
      orderBy: { createdAt: "desc" },
    });
    if (mine) return mine;
    if (study.readingDesign === "DOUBLE_BLINDED" && role === "PRIMARY") {
      throw new AppError("FORBIDDEN", { userMessage: "This study is read double-blinded; only its assigned readers open a reading." });
    }
    if (study.reviewState === "SIGNED" && role === "PRIMARY") throw new AppError("STUDY_SIGNED", { userMessage: "This study is signed; amend the signed reading to change it." });
    return createReadingInTx(tx, { studyId: options.studyId, role, readerId: options.userId, status: "ASSIGNED" });
  }, LONG_TRANSACTION);
}
