import type { Box, ImageGeometry, Vec3 } from "../dicom/types";
import { boxCenterToPatient } from "../geometry/box-center-to-patient";
import type { Detection } from "../inference/decode";
import { VERTEBRA_LABELS, type TVertebraLabel } from "../phantom/truth";

export interface PickedVertebra {
  label: TVertebraLabel;
  box: Box;
  score: number;
  /** Box centre, LPS mm. */
  centerPatient: Vec3;
}

export interface VertebraPick {
  /** One box per label at most, in L1 → S1 order, centres strictly descending along the spine. */
  vertebrae: PickedVertebra[];
  /** Labels L1..S1 with no box kept. */
  missing: TVertebraLabel[];
  /** Kept labels whose score is below `lowScore`. */
  lowScore: TVertebraLabel[];
  /** Detections dropped because they broke the anatomical order (or duplicated a kept box). */
  dropped: Detection[];
}

export interface PickVertebraeOptions {
  /** A kept box under this score is flagged (default 0.5). */
  lowScore?: number;
  /**
   * Least cranio-caudal step, mm, between neighbouring kept centres (default 12: a lumbar body
   * plus disc is ~35–40 mm, so anything closer is the same body seen twice).
   */
  minStepMm?: number;
}

/**
 * Step 1's choice among the detector's boxes on the mid-sagittal image (`geometry`, image pixels →
 * LPS mm): at most one box per label such that L1, L2, …, S1 go strictly caudal in patient space
 * (LPS z decreasing: superior is +z whatever the patient position or in-plane flips), maximising
 * the summed score. Solved exactly by dynamic programming over labels in order; a label may stay
 * empty. Detections of unknown labels are ignored.
 */
export function pickVertebrae(detections: readonly Detection[], geometry: ImageGeometry, options: PickVertebraeOptions = {}): VertebraPick {
  const lowScore = options.lowScore ?? 0.5;
  const minStep = options.minStepMm ?? 12;
  const candidates = detections
    .filter((d) => (VERTEBRA_LABELS as readonly string[]).includes(d.label))
    .map((d) => ({ d, label: d.label as TVertebraLabel, rank: VERTEBRA_LABELS.indexOf(d.label as TVertebraLabel), center: boxCenterToPatient(geometry, d.box) }))
    .sort((a, b) => a.rank - b.rank || b.d.score - a.d.score);

  // best[i] = best total score of a valid chain ending with candidate i; prev[i] its predecessor.
  const best: number[] = [];
  const prev: number[] = [];
  candidates.forEach((c, i) => {
    best[i] = c.d.score;
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      const p = candidates[j]!;
      if (p.rank >= c.rank || p.center[2] - c.center[2] < minStep) continue;
      const total = best[j]! + c.d.score;
      if (total > best[i]!) {
        best[i] = total;
        prev[i] = j;
      }
    }
  });
  let end = -1;
  best.forEach((s, i) => {
    if (end < 0 || s > best[end]!) end = i;
  });
  const chain: number[] = [];
  for (let i = end; i >= 0; i = prev[i]!) chain.unshift(i);
  const kept = new Set(chain);

  const vertebrae = chain.map((i) => {
    const c = candidates[i]!;
    return { label: c.label, box: c.d.box, score: c.d.score, centerPatient: c.center };
  });
  const labels = new Set(vertebrae.map((v) => v.label));
  return {
    vertebrae,
    missing: VERTEBRA_LABELS.filter((l) => !labels.has(l)),
    lowScore: vertebrae.filter((v) => v.score < lowScore).map((v) => v.label),
    dropped: candidates.filter((_, i) => !kept.has(i)).map((c) => c.d),
  };
}
