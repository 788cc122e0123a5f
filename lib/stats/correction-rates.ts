import { boxIou, type TBox } from "./box-iou";
import type { TProportion } from "./types";
import { proportion } from "./wilson-interval";

/** One thing the model predicted, paired with what the human reading finally holds. */
export type TCorrectionItem =
  | { modelVersion: string; kind: "label"; ai: string; human: string }
  | { modelVersion: string; kind: "box"; ai: TBox; human: TBox };

export interface TCorrectionRate {
  modelVersion: string;
  /** Labels the human changed (a flip: any other class) over labels the model gave. */
  labelFlips: TProportion;
  /** Boxes the human moved (IoU with the model's box below the threshold) over boxes the model gave. */
  boxMoves: TProportion;
}

export interface CorrectionRatesOptions {
  /** A box counts as moved when IoU(model, human) < this; default 0.9 (a 10% change of overlap). */
  moveIouThreshold?: number;
}

/**
 * Correction rates per model version: label flips and box moves over the number of predictions
 * a human checked, each with a Wilson 95% interval. Versions are sorted by name.
 */
export function correctionRates(items: readonly TCorrectionItem[], options: CorrectionRatesOptions = {}): TCorrectionRate[] {
  const threshold = options.moveIouThreshold ?? 0.9;
  const tally = new Map<string, { labels: number; flips: number; boxes: number; moves: number }>();
  for (const item of items) {
    const t = tally.get(item.modelVersion) ?? { labels: 0, flips: 0, boxes: 0, moves: 0 };
    if (item.kind === "label") {
      t.labels += 1;
      if (item.ai !== item.human) t.flips += 1;
    } else {
      t.boxes += 1;
      if (boxIou(item.ai, item.human) < threshold) t.moves += 1;
    }
    tally.set(item.modelVersion, t);
  }
  return [...tally.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([modelVersion, t]) => ({ modelVersion, labelFlips: proportion(t.flips, t.labels), boxMoves: proportion(t.moves, t.boxes) }));
}
