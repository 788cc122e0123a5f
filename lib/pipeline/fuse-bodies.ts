import type { Vec3 } from "../dicom/types";
import { norm, sub } from "../geometry/vec3";
import { inPlane } from "./spine-axis";
import type { SpineBody } from "./spine-body";

/** One body after fusion: the box kept for it, how many detections (images) saw it, the best score. */
export interface FusedBody<TRef> extends SpineBody<TRef> {
  /** Detections merged into this body (one per image at most when the detector's NMS works). */
  support: number;
}

export interface FuseBodiesOptions {
  /** Sagittal plane normal (LPS, any length): distances are measured in that plane. Default none. */
  normal?: Vec3;
  /**
   * Two detections are one body when their centres are closer, in the sagittal plane, than this
   * fraction of the smaller box height (default 0.5: neighbouring bodies are a body height plus a
   * disc apart, ≥ 1.2 heights; two boxes on one body rarely differ by half a height).
   */
  sameBodyFraction?: number;
}

/**
 * De-duplicates the detections of one kind across the mid-sagittal image and its neighbours (and
 * two boxes on one body in one image): greedy clustering in descending score, a detection joins
 * the first cluster whose best detection is the same body (see `sameBodyFraction`). Each cluster
 * keeps the box from the image closest to the mid-sagittal one (then the higher score) and the
 * cluster's best score. Bodies of different kinds are never merged here (countVertebrae decides
 * between a sacrum and a vertebra box on one body). Output order: descending score.
 */
export function fuseBodies<TRef>(bodies: readonly SpineBody<TRef>[], options: FuseBodiesOptions = {}): FusedBody<TRef>[] {
  const normal = options.normal ?? [0, 0, 0];
  const fraction = options.sameBodyFraction ?? 0.5;
  const n = norm(normal) > 0 ? (normal.map((x) => x / norm(normal)) as Vec3) : normal;
  const sorted = [...bodies].sort((a, b) => b.score - a.score);
  const clusters: SpineBody<TRef>[][] = [];
  for (const body of sorted) {
    const home = clusters.find((c) => {
      const seed = c[0]!;
      return seed.kind === body.kind && norm(inPlane(sub(seed.center, body.center), n)) < fraction * Math.min(seed.heightMm, body.heightMm);
    });
    if (home) home.push(body);
    else clusters.push([body]);
  }
  return clusters.map((members) => {
    const best = members[0]!;
    const shown = [...members].sort((a, b) => Math.abs(a.sliceOffset) - Math.abs(b.sliceOffset) || b.score - a.score)[0]!;
    return { ...shown, score: best.score, support: members.length };
  });
}
