import type { Reading, ReadingRole, Study } from "@prisma/client";
import { db, type TDb, type TTx } from "../db/client";
import { AppError } from "../errors/app-error";
import { DISC_LEVELS, type TDiagnosis, type TDiscLevel } from "../phantom/truth";
import { signedReading } from "./current-readings";
import { readingLabels } from "./reading-labels";

export interface TFinalLevelLabel {
  level: TDiscLevel;
  diagnosis: TDiagnosis;
  /** The signed reading the label is taken from. */
  sourceReadingId: string;
  sourceRole: ReadingRole;
}

export interface TFinalLabels {
  studyId: string;
  /** FINAL when the study has a final label; PENDING while unread, half read or in adjudication. */
  status: "FINAL" | "PENDING";
  /** How the final label was reached. */
  basis: "SINGLE_READING" | "DOUBLE_READING_AGREED" | "ADJUDICATION" | null;
  /** The reading whose annotations are final (vertebra boxes, ROIs, levels); null while PENDING. */
  readingId: string | null;
  levels: TFinalLevelLabel[];
}

/**
 * The final label of a study (label source FINAL for dataset export): per disc level the
 * diagnosis and the signed reading it comes from. A signed adjudication wins; otherwise for
 * DOUBLE_BLINDED both readings must be signed and agree (the study is SIGNED), the PRIMARY
 * being the source; for SINGLE the signed PRIMARY. Amendments count (the newest signed link).
 */
export async function finalLabels(studyId: string, client: TDb | TTx = db()): Promise<TFinalLabels> {
  const study = await client.study.findUnique({ where: { id: studyId }, include: { readings: true } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const pending: TFinalLabels = { studyId, status: "PENDING", basis: null, readingId: null, levels: [] };
  const final = finalSourceOf(study, study.readings);
  if (!final) return pending;
  const source = final.reading;
  const basis = final.basis;

  const labels = await readingLabels(client, source.id);
  const levels: TFinalLevelLabel[] = [];
  for (const level of DISC_LEVELS) {
    const value = labels.levels.get(level);
    if (value) levels.push({ level, diagnosis: value.diagnosis, sourceReadingId: source.id, sourceRole: source.role });
  }
  return { studyId, status: "FINAL", basis, readingId: source.id, levels };
}

type TReadingLike = Pick<Reading, "id" | "role" | "status" | "amendsId" | "createdAt">;

/**
 * Which signed reading holds a study's final label, and why (pure; see finalLabels): a signed
 * adjudication; else the signed PRIMARY of a SINGLE study; else, for DOUBLE_BLINDED, the PRIMARY
 * once both readings are signed and agreed (the study is SIGNED).
 */
export function finalSourceOf<T extends TReadingLike>(
  study: Pick<Study, "readingDesign" | "reviewState">,
  readings: readonly T[],
): { reading: T; basis: NonNullable<TFinalLabels["basis"]> } | null {
  const adjudication = signedReading(readings, "ADJUDICATION");
  if (adjudication) return { reading: adjudication, basis: "ADJUDICATION" };
  const primary = signedReading(readings, "PRIMARY");
  if (!primary) return null;
  if (study.readingDesign === "SINGLE") return { reading: primary, basis: "SINGLE_READING" };
  if (study.reviewState === "SIGNED" && signedReading(readings, "SECOND")) return { reading: primary, basis: "DOUBLE_READING_AGREED" };
  return null;
}
