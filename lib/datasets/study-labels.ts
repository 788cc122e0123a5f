import type { DatasetVersion } from "@prisma/client";
import { effectiveAnnotations } from "../annotations/effective-annotations";
import { currentAiReading } from "../annotations/reading-layers";
import type { TDiscRoiData, TLevelDiagnosisData, TSliceLevelData, TVertebraBoxData } from "../annotations/schemas";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { finalSignedReading } from "../report/load-report-data";

export interface TStudyLabels {
  readingId: string;
  vertebrae: TVertebraBoxData[];
  slices: TSliceLevelData[];
  rois: Map<string, TDiscRoiData>;
  diagnoses: Map<string, TLevelDiagnosisData>;
}

/**
 * The labels of one member study under the version's label source: FINAL — the final signed
 * reading (adjudication over primary); READER — that reader's newest signed reading, or that
 * annotator's newest annotation submitted as done; AI — the
 * current AI reading. FINAL/READER without signed work: CONFLICT (unsigned work is never exported).
 */
export async function studyLabels(version: Pick<DatasetVersion, "labelSource" | "readerId">, studyId: string): Promise<TStudyLabels> {
  let readingId: string;
  if (version.labelSource === "FINAL") readingId = (await finalSignedReading(db(), studyId)).id;
  else if (version.labelSource === "READER") {
    // A radiologist's signed reading, or an annotator's reading submitted as done (issue 12.5).
    const r = await db().reading.findFirst({ where: { studyId, readerId: version.readerId, status: { in: ["SIGNED", "DONE"] } }, orderBy: { updatedAt: "desc" } });
    if (!r) throw new AppError("CONFLICT", { userMessage: "A member study has no signed reading by the chosen reader; only signed work is exported." });
    readingId = r.id;
  } else {
    const ai = await currentAiReading(db(), studyId);
    if (!ai) throw new AppError("CONFLICT", { userMessage: "A member study has no AI reading to label from." });
    readingId = ai.id;
  }
  const annotations = await effectiveAnnotations(readingId);
  const of = <T>(kind: string) => annotations.filter((a) => a.kind === kind).map((a) => a.data as T);
  return {
    readingId,
    vertebrae: of<TVertebraBoxData>("VERTEBRA_BOX"),
    slices: of<TSliceLevelData>("SLICE_LEVEL"),
    rois: new Map(of<TDiscRoiData>("DISC_ROI").map((r) => [r.sopInstanceUid, r])),
    diagnoses: new Map(of<TLevelDiagnosisData>("LEVEL_DIAGNOSIS").map((d) => [d.level, d])),
  };
}
