import type { ReadingRole } from "@prisma/client";
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

  const adjudication = signedReading(study.readings, "ADJUDICATION");
  const primary = signedReading(study.readings, "PRIMARY");
  let source = adjudication;
  let basis: TFinalLabels["basis"] = "ADJUDICATION";
  if (!source && study.readingDesign === "SINGLE") [source, basis] = [primary, "SINGLE_READING"];
  if (!source && study.readingDesign === "DOUBLE_BLINDED" && study.reviewState === "SIGNED" && signedReading(study.readings, "SECOND")) {
    [source, basis] = [primary, "DOUBLE_READING_AGREED"];
  }
  if (!source) return pending;

  const labels = await readingLabels(client, source.id);
  const levels: TFinalLevelLabel[] = [];
  for (const level of DISC_LEVELS) {
    const value = labels.levels.get(level);
    if (value) levels.push({ level, diagnosis: value.diagnosis, sourceReadingId: source.id, sourceRole: source.role });
  }
  return { studyId, status: "FINAL", basis, readingId: source.id, levels };
}
