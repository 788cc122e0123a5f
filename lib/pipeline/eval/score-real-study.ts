import type { TAnalysis } from "../../analysis/schema";
import type { Box } from "../../dicom/types";
import type { TDiscLevel, TVertebraLabel } from "../../phantom/truth";
import type { RealStudyTruth } from "../../realdata/build-real-study";
import type { TRealdataSet } from "../../realdata/exam";
import { voxelIndex, type Volume } from "../../realdata/volume";
import { boxCenter, boxIou } from "./metrics";

/** What one real exam contributes to `discern eval --realdata`: per-item outcomes, so exams add up. */
export interface RealStudyScore {
  exam: string;
  set: TRealdataSet;
  /**
   * Every body among L1…S1 the exam labels. `hit`: the pipeline gave a box of the same name whose
   * centre lies inside that body's label mask on one of the 1 mm slices its sagittal slab averages
   * (VERTEBRA_HIT_RULE); `iou`: the box against the mask's bounding box on that slab (0 if no box).
   */
  vertebrae: { label: TVertebraLabel; hit: boolean; iou: number }[];
  /** Every axial image: the disc it was cut through, the level the pipeline gave (null: none). */
  levels: { sopInstanceUid: string; level: TDiscLevel; predicted: TDiscLevel | null; hit: boolean }[];
  /** How the pipeline named the bodies (`sacrum`, `appearance`, `none`; null when the analysis does not say) and its counting flags. */
  countingBasis: string | null;
  countingFlags: string[];
  /** analyzeStudy's total, and the time to read the exam and build its DICOM, ms. */
  analysisMs: number;
  buildMs: number;
}

export const VERTEBRA_HIT_RULE = "centre of the predicted box inside the true body's label mask (any 1 mm slice of the mid-sagittal slab)";

/**
 * Bounding box (image pixels, corner origin, x1/y1 exclusive) of label `value` over volume slices
 * first..last, in the sagittal slab's pixel grid (x = column, y = row); null if absent.
 */
export function maskBox(labels: Volume<Uint8Array>, value: number, first: number, last: number): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let r = 0; r < labels.rows; r++) {
    for (let c = 0; c < labels.columns; c++) {
      for (let s = first; s <= last; s++) {
        if (labels.data[voxelIndex(labels, r, c, s)] !== value) continue;
        x0 = Math.min(x0, c);
        x1 = Math.max(x1, c + 1);
        y0 = Math.min(y0, r);
        y1 = Math.max(y1, r + 1);
        break;
      }
    }
  }
  return x1 > x0 ? [x0, y0, x1, y1] : null;
}

/** Whether pixel point (x, y) of a sagittal slab falls on label `value` in any of its slices. */
export function pointInMask(labels: Volume<Uint8Array>, value: number, first: number, last: number, x: number, y: number): boolean {
  const c = Math.floor(x);
  const r = Math.floor(y);
  if (r < 0 || c < 0 || r >= labels.rows || c >= labels.columns) return false;
  for (let s = first; s <= last; s++) if (labels.data[voxelIndex(labels, r, c, s)] === value) return true;
  return false;
}

/**
 * Scores one analysis of a study built by buildRealStudy against the exam's labels: vertebrae by
 * VERTEBRA_HIT_RULE on the image the box was drawn on, axial levels by equality with the disc each
 * image was cut through. A box on an image that is not one of the study's slabs is a miss.
 */
export function scoreRealStudy(analysis: TAnalysis, truth: RealStudyTruth, labels: Volume<Uint8Array>, buildMs = 0): RealStudyScore {
  const slabs = new Map(truth.sagittal.slabs.map((s) => [s.sopInstanceUid, s]));
  const predicted = new Map(analysis.vertebrae.map((v) => [v.label, v]));
  const vertebrae = truth.vertebrae.map(({ label, value }) => {
    const p = predicted.get(label);
    const slab = p ? slabs.get(p.sopInstanceUid) : undefined;
    if (!p || !slab) return { label, hit: false, iou: 0 };
    const [x, y] = boxCenter(p.box);
    const box = maskBox(labels, value, slab.first, slab.last);
    return { label, hit: pointInMask(labels, value, slab.first, slab.last, x, y), iou: box ? boxIou(p.box, box) : 0 };
  });
  const bySop = new Map(analysis.slices.map((s) => [s.sopInstanceUid, s]));
  const levels = truth.slices.map((t) => {
    const predictedLevel = bySop.get(t.sopInstanceUid)?.level ?? null;
    return { sopInstanceUid: t.sopInstanceUid, level: t.level, predicted: predictedLevel, hit: predictedLevel === t.level };
  });
  const countingBasis = analysis.countingBasis ?? analysis.counting?.basis ?? null;
  return { exam: truth.exam, set: truth.set, vertebrae, levels, countingBasis, countingFlags: analysis.counting?.flags ?? [], analysisMs: analysis.timingsMs.total ?? 0, buildMs };
}
