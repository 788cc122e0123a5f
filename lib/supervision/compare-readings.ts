import { boxIou } from "../stats/box-iou";
import { DISC_LEVELS, VERTEBRA_LABELS } from "../phantom/truth";
import type { TReadingLabels } from "./reading-labels";

export interface TReadingComparison {
  agreed: boolean;
  /** Human-readable keys of what differs: "L4-L5 diagnosis", "L3 vertebra". */
  disagreements: string[];
}

/** Two readings' boxes of the same vertebra that overlap less than this are a labelling disagreement. */
export const VERTEBRA_MATCH_IOU = 0.5;

/**
 * Compares two signed readings of a double-read study, per disc level (diagnosis) and per
 * vertebra label: a level one reading diagnoses and the other does not, a different diagnosis,
 * a vertebra only one of them boxed, or the same label on boxes that overlap less than
 * VERTEBRA_MATCH_IOU (the readers put that label on different bodies) is a disagreement.
 */
export function compareReadings(a: TReadingLabels, b: TReadingLabels): TReadingComparison {
  const disagreements: string[] = [];
  for (const level of DISC_LEVELS) {
    const x = a.levels.get(level);
    const y = b.levels.get(level);
    if ((x || y) && x?.diagnosis !== y?.diagnosis) disagreements.push(`${level} diagnosis`);
  }
  for (const label of VERTEBRA_LABELS) {
    const x = a.vertebrae.get(label);
    const y = b.vertebrae.get(label);
    if (!x && !y) continue;
    if (!x || !y || x.sopInstanceUid !== y.sopInstanceUid || boxIou(x.box, y.box) < VERTEBRA_MATCH_IOU) disagreements.push(`${label} vertebra`);
  }
  return { agreed: disagreements.length === 0, disagreements };
}
