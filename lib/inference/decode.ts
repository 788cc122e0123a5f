import type { Box } from "../dicom/types";
import { maxPerClassOf, scoreThresholdOf, type TModelOutput } from "./manifest";
import { boxIou } from "../geometry/box-iou";

/** One detected object: `box` in the source image's pixels (corner origin, x1/y1 exclusive). */
export interface Detection {
  label: string;
  score: number;
  box: Box;
}

type CenterNet = Extract<TModelOutput, { format: "centernet" }>;
type Detections = Extract<TModelOutput, { format: "detections" }>;

/** Scale from model-input pixels to the source (whole image or ROI) pixels. */
export interface InputToSource {
  scaleX: number;
  scaleY: number;
  /** Source pixel of the input's corner (the ROI's x0, y0 for crops, else 0). */
  originX: number;
  originY: number;
}

function toSource(b: Box, t: InputToSource): Box {
  return [
    t.originX + b[0] * t.scaleX,
    t.originY + b[1] * t.scaleY,
    t.originX + b[2] * t.scaleX,
    t.originY + b[3] * t.scaleY,
  ];
}

/**
 * Greedy non-maximum suppression of one class's boxes, given best first: a box is kept when its
 * IoU with every box kept so far is at most `iou`. Returns the kept indices in input order.
 */
export function greedyNms(boxes: readonly Box[], iou: number): number[] {
  const kept: number[] = [];
  boxes.forEach((b, k) => {
    if (kept.every((q) => boxIou(boxes[q]!, b) <= iou)) kept.push(k);
  });
  return kept;
}

/**
 * CenterNet decoding of image `n` of a batch (twin of models/training/detection.py `decode`):
 * per class, the 3x3 local maxima of the heatmap at or above the label's threshold
 * (scoreThresholdOf), best first (ties:
 * lower cell index first); centre = (j + offset_x, i + offset_y) x stride, size x sizeScale, in
 * model-input pixels; then, when the manifest sets `nmsIoU`, greedy NMS per class at that IoU;
 * then the best `maxPerClass` of the label (AI-CONTRACT.md); boxes mapped to source pixels last.
 */
export function decodeCenterNet(
  spec: CenterNet,
  labels: readonly string[],
  heads: { heatmap: Float32Array; size: Float32Array; offset: Float32Array },
  dims: { classes: number; height: number; width: number },
  n: number,
  map: InputToSource,
): Detection[] {
  const { classes, height: h, width: w } = dims;
  const plane = h * w;
  const out: Detection[] = [];
  const hmBase = n * classes * plane;
  const twoBase = n * 2 * plane;
  for (let c = 0; c < classes; c++) {
    const base = hmBase + c * plane;
    const label = labels[c] ?? String(c);
    const threshold = scoreThresholdOf(spec, label);
    const peaks: { k: number; s: number }[] = [];
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        const s = heads.heatmap[base + i * w + j] as number;
        if (s < threshold) continue;
        let isPeak = true;
        for (let di = -1; di <= 1 && isPeak; di++) {
          for (let dj = -1; dj <= 1; dj++) {
            const y = i + di;
            const x = j + dj;
            if (y < 0 || y >= h || x < 0 || x >= w) continue;
            if ((heads.heatmap[base + y * w + x] as number) > s) {
              isPeak = false;
              break;
            }
          }
        }
        if (isPeak) peaks.push({ k: i * w + j, s });
      }
    }
    peaks.sort((a, b) => b.s - a.s || a.k - b.k);
    const limit = maxPerClassOf(spec.maxPerClass, label);
    // Without NMS only the best `limit` peaks are ever decoded (the v0.1 behaviour, unchanged).
    const decoded = (spec.nmsIoU === undefined ? peaks.slice(0, limit) : peaks).map(({ k, s }) => {
      const i = Math.floor(k / w);
      const j = k - i * w;
      const cx = (j + (heads.offset[twoBase + k] as number)) * spec.stride;
      const cy = (i + (heads.offset[twoBase + plane + k] as number)) * spec.stride;
      const bw = (heads.size[twoBase + k] as number) * spec.sizeScale;
      const bh = (heads.size[twoBase + plane + k] as number) * spec.sizeScale;
      return { s, box: [cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2] as Box };
    });
    const kept = spec.nmsIoU === undefined ? decoded : greedyNms(decoded.map((d) => d.box), spec.nmsIoU).map((q) => decoded[q]!);
    for (const d of kept.slice(0, limit)) out.push({ label, score: d.s, box: toSource(d.box, map) });
  }
  return out;
}

/**
 * Decoding of ready-made detections (torchvision Faster R-CNN style: boxes (N, 4) in model-input
 * pixels, labels (N), scores (N)) for one image: threshold, best `maxPerClass` per label.
 */
export function decodeDetections(
  spec: Detections,
  labels: readonly string[],
  boxes: ArrayLike<number>,
  ids: ArrayLike<number | bigint>,
  scores: ArrayLike<number>,
  map: InputToSource,
): Detection[] {
  const perLabel = new Map<string, number>();
  const order = Array.from({ length: scores.length }, (_, k) => k).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
  const out: Detection[] = [];
  for (const k of order) {
    const s = scores[k] as number;
    if (s < spec.scoreThreshold) break;
    const label = labels[Number(ids[k]) - spec.labelOffset];
    if (label === undefined) continue;
    const used = perLabel.get(label) ?? 0;
    if (used >= spec.maxPerClass) continue;
    perLabel.set(label, used + 1);
    const b: Box = [
      boxes[4 * k] as number,
      boxes[4 * k + 1] as number,
      boxes[4 * k + 2] as number,
      boxes[4 * k + 3] as number,
    ];
    out.push({ label, score: s, box: toSource(b, map) });
  }
  return out;
}

/** Softmax of row `n` of a (N, K) logits tensor, as a label → probability record. */
export function softmaxRow(logits: Float32Array, k: number, n: number, labels: readonly string[]): Record<string, number> {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, logits[n * k + c] as number);
  const e: number[] = [];
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const v = Math.exp((logits[n * k + c] as number) - max);
    e.push(v);
    sum += v;
  }
  const out: Record<string, number> = {};
  e.forEach((v, c) => {
    out[labels[c] ?? String(c)] = v / sum;
  });
  return out;
}


/**
 * Exclusive assignment (twin of models/training/detection.py `assign_exclusive`): per label a
 * candidate or none, maximising the total score with no two chosen boxes above `conflictIoU`.
 * Exhaustive depth-first search in label order, candidates by descending score; the first best
 * combination wins ties.
 */
export function assignExclusive(candidates: Detection[], labels: readonly string[], conflictIoU: number): Detection[] {
  const perLabel = labels.map((l) => candidates.filter((d) => d.label === l));
  let best: Detection[] = [];
  let bestTotal = -1;
  const chosen: Detection[] = [];
  const search = (c: number, total: number): void => {
    if (c === perLabel.length) {
      if (total > bestTotal + 1e-9) {
        bestTotal = total;
        best = [...chosen];
      }
      return;
    }
    for (const d of perLabel[c] ?? []) {
      if (chosen.every((o) => boxIou(d.box, o.box) <= conflictIoU)) {
        chosen.push(d);
        search(c + 1, total + d.score);
        chosen.pop();
      }
    }
    search(c + 1, total);
  };
  search(0, 0);
  return best;
}
