import type { TAnalysis } from "../../analysis/schema";
import type { Box } from "../../dicom/types";
import { DIAGNOSES, DISC_LEVELS, type TDiagnosis, type TDiscLevel, type TVertebraLabel } from "../../phantom/truth";
import { boxCenter, boxContains, boxIou, emptyConfusion, type TConfusion } from "./metrics";

/** What one study contributes to `discern eval`: counts, never ratios, so studies add up. */
export interface StudyScore {
  seed: number;
  /** True vertebrae; hits = a predicted box of the same label whose centre lies in the true box. */
  vertebrae: { n: number; hits: number; ious: number[] };
  /** At-disc axial slices; hits = predicted level equals the true one. */
  levels: { n: number; hits: number };
  /** At-disc slices with a true ROI; hits = a predicted ROI on that slice with IoU ≥ 0.5. */
  roi: { n: number; hits: number; ious: number[] };
  /**
   * Per level: confusion of true vs predicted diagnosis; `missed` = an imaged level (one with an
   * at-disc axial slice) the pipeline gave no diagnosis; `notImaged` = levels no axial slice cuts
   * (partial coverage), which nothing could diagnose and which are left out of the accuracy.
   */
  classification: Record<TDiscLevel, { confusion: TConfusion; missed: number; notImaged: number }>;
  totalMs: number;
}

export const ROI_IOU_THRESHOLD = 0.5;

/**
 * What scoreStudy reads of a reference: a phantom's truth.json (TPhantomTruth fits it as is) or
 * the human labels of a dataset member (truthFromLabels). Boxes in the named images' pixels.
 */
export interface TEvalTruth {
  /** The phantom's seed, or the member's position in the dataset. */
  seed: number;
  vertebrae: { label: TVertebraLabel; box: Box }[];
  /** Axial slices; `atDisc` ones are scored for level (and ROI, where `roi` is given). */
  slices: { sopInstanceUid: string; level: TDiscLevel | null; atDisc: boolean; roi: Box | null }[];
  levels: { level: TDiscLevel; diagnosis: TDiagnosis }[];
}

/** Scores one analysis against a reference (a phantom's truth.json or a study's human labels). */
export function scoreStudy(analysis: TAnalysis, truth: TEvalTruth): StudyScore {
  const predicted = new Map(analysis.vertebrae.map((v) => [v.label, v]));
  const vertebrae = { n: 0, hits: 0, ious: [] as number[] };
  for (const t of truth.vertebrae) {
    vertebrae.n++;
    const p = predicted.get(t.label);
    vertebrae.ious.push(p ? boxIou(p.box, t.box) : 0);
    if (p && boxContains(t.box, boxCenter(p.box))) vertebrae.hits++;
  }

  const slices = new Map(analysis.slices.map((s) => [s.sopInstanceUid, s]));
  const discs = new Map(analysis.discs.map((d) => [d.sopInstanceUid, d]));
  const levels = { n: 0, hits: 0 };
  const roi = { n: 0, hits: 0, ious: [] as number[] };
  for (const t of truth.slices) {
    if (!t.atDisc) continue;
    levels.n++;
    if (slices.get(t.sopInstanceUid)?.level === t.level) levels.hits++;
    if (!t.roi) continue;
    roi.n++;
    const d = discs.get(t.sopInstanceUid);
    const iou = d ? boxIou(d.roi, t.roi) : 0;
    roi.ious.push(iou);
    if (iou >= ROI_IOU_THRESHOLD) roi.hits++;
  }

  const classification = Object.fromEntries(DISC_LEVELS.map((l) => [l, { confusion: emptyConfusion(DIAGNOSES.length), missed: 0, notImaged: 0 }])) as StudyScore["classification"];
  const byLevel = new Map(analysis.levels.map((l) => [l.level, l]));
  const imaged = new Set(truth.slices.filter((s) => s.atDisc).map((s) => s.level));
  for (const t of truth.levels) {
    const cell = classification[t.level];
    const p = byLevel.get(t.level);
    if (!imaged.has(t.level)) {
      cell.notImaged++;
      continue;
    }
    if (!p) {
      cell.missed++;
      continue;
    }
    cell.confusion[DIAGNOSES.indexOf(t.diagnosis)]![DIAGNOSES.indexOf(p.diagnosis)]! += 1;
  }
  return { seed: truth.seed, vertebrae, levels, roi, classification, totalMs: analysis.timingsMs.total ?? 0 };
}
