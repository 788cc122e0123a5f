import { z } from "zod";
import { db, type TTx } from "../db/client";
import { canAssign, enforce, loadActor } from "../review/policy";
import { AppError } from "../errors/app-error";
import { createAssignedReading } from "./create-reading";
import { currentReading } from "./current-readings";
import { parseInput } from "./parse-input";

export const ZAssignAdjudicatorInput = z.object({ studyId: z.string().min(1), readerId: z.string().min(1) });
export type TAssignAdjudicatorInput = z.infer<typeof ZAssignAdjudicatorInput>;

/**
 * Assigns the third reader of a study in ADJUDICATION: an ADJUDICATION reading for someone who
 * is neither of the two blinded readers nor the author of an amendment of either reading. The
 * adjudicator sees both signed readings; what they sign becomes the study's final label. An unsigned earlier adjudicator is SUPERSEDED (reassignment).
 */
export async function assignAdjudicator(options: TAssignAdjudicatorInput & { actorId: string }) {
  const input = parseInput(ZAssignAdjudicatorInput, options);
  return db().$transaction((tx) => assignAdjudicatorInTx(tx, input, options.actorId));
}

/** assignAdjudicator's work inside the caller's transaction (the bulk assignment); `input` must have passed ZAssignAdjudicatorInput. */
export async function assignAdjudicatorInTx(tx: TTx, input: TAssignAdjudicatorInput, actorId: string) {
  enforce(canAssign(await loadActor(tx, actorId)));
  await tx.$queryRaw`SELECT id FROM "Study" WHERE id = ${input.studyId} FOR UPDATE`;
  const study = await tx.study.findUnique({ where: { id: input.studyId }, include: { readings: true } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  if (study.reviewState !== "ADJUDICATION") throw new AppError("CONFLICT", { userMessage: "Only a study in adjudication takes an adjudicator." });
  // Every author of either side of the disagreement: the two readers and whoever amended either reading
  // (a supervisor may amend a signed PRIMARY/SECOND during adjudication; the amended original stays SIGNED),
  // as canReassign counts them: every PRIMARY/SECOND reading that is not SUPERSEDED.
  const authors = new Set(study.readings.filter((r) => (r.role === "PRIMARY" || r.role === "SECOND") && r.status !== "SUPERSEDED").map((r) => r.readerId));
  if (authors.has(input.readerId)) throw new AppError("INVALID_INPUT", { userMessage: "The adjudicator must be a third reader, not one of the two who disagreed." });
  const previous = currentReading(study.readings, "ADJUDICATION");
  if (previous?.status === "SIGNED") throw new AppError("CONFLICT", { userMessage: "The adjudication is already signed." });
  if (previous) await tx.reading.update({ where: { id: previous.id }, data: { status: "SUPERSEDED", version: { increment: 1 } } });
  const reading = await createAssignedReading(tx, { studyId: study.id, role: "ADJUDICATION", readerId: input.readerId, assignedById: actorId });
  await tx.study.update({ where: { id: study.id }, data: { version: { increment: 1 } } });
  return { studyId: study.id, reading: { id: reading.id, role: reading.role, readerId: reading.readerId }, supersededReadingId: previous?.id ?? null };
}
