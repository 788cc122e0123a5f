import { effectiveAnnotations } from "../annotations/effective-annotations";
import { levelFindingOf, type TLevelFinding } from "../findings";
import type { TDiscRoiData, TLevelDiagnosisData, TVertebraBoxData } from "../annotations/schemas";
import type { TDb, TTx } from "../db/client";
import type { TDiagnosis, TDiscLevel, TVertebraLabel } from "../phantom/truth";

export type TProbabilities = { normal: number; bulge: number; herniation: number };

/** One value of a reading as the reader saw it when signing (own head, else the AI's). */
export interface TLabelProvenance {
  /** HUMAN when this reading (or one it amends) holds the head, AI when inherited from the AI reading. */
  source: "AI" | "HUMAN";
  modelVersionId: string | null;
  /** The revision it replaced (the AI's, for a reader's correction). */
  replacesRevisionId: string | null;
}

export interface TReadingLabels {
  readingId: string;
  /** Per level: the three-class diagnosis and the full finding (lib/findings; old rows read as contour values). */
  levels: Map<TDiscLevel, { diagnosis: TDiagnosis; finding?: TLevelFinding; probabilities: TProbabilities | null } & TLabelProvenance>;
  /** Vertebra boxes by label, pixels of the named mid-sagittal image. */
  vertebrae: Map<TVertebraLabel, { box: [number, number, number, number]; sopInstanceUid: string } & TLabelProvenance>;
  /** Disc ROIs by SOP Instance UID, pixels of that axial image. */
  rois: Map<string, { box: [number, number, number, number]; level: TDiscLevel | null } & TLabelProvenance>;
}

/**
 * The labels of one reading through lib/annotations' effective view (the AI's heads overlaid by
 * the reading's own and those of the readings it amends): per level diagnosis, vertebra boxes
 * and disc ROIs, each with where it came from.
 */
export async function readingLabels(client: TDb | TTx, readingId: string): Promise<TReadingLabels> {
  const result: TReadingLabels = { readingId, levels: new Map(), vertebrae: new Map(), rois: new Map() };
  for (const a of await effectiveAnnotations(readingId, { client })) {
    const provenance: TLabelProvenance = { source: a.source, modelVersionId: a.modelVersionId, replacesRevisionId: a.replacesRevisionId };
    if (a.kind === "LEVEL_DIAGNOSIS") {
      const d = a.data as TLevelDiagnosisData;
      result.levels.set(d.level, { diagnosis: d.diagnosis, finding: levelFindingOf(d), probabilities: d.probabilities ?? null, ...provenance });
    } else if (a.kind === "VERTEBRA_BOX") {
      const d = a.data as TVertebraBoxData;
      result.vertebrae.set(d.label, { box: d.box, sopInstanceUid: d.sopInstanceUid, ...provenance });
    } else if (a.kind === "DISC_ROI") {
      const d = a.data as TDiscRoiData;
      result.rois.set(d.sopInstanceUid, { box: d.box, level: d.level ?? null, ...provenance });
    }
  }
  return result;
}
