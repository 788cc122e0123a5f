import type { Point2 } from "@/lib/dicom/types";

/** A line segment with a key (e.g. an axial slice's SOP Instance UID for its reference line). */
export interface TKeyedSegment {
  key: string;
  points: [Point2, Point2];
}

/** Distance from p to the segment a–b (any one 2-D space; same units as the inputs). */
export function distanceToSegment(p: Point2, a: Point2, b: Point2): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * The segment nearest to p within `tolerance`, for click-on-a-reference-line. p, the segments
 * and the tolerance are in the same space (the viewer passes image pixels and a tolerance of
 * 6 screen px divided by the display scale). Ties go to the first segment. Null when none is near.
 */
export function nearestSegment(p: Point2, segments: readonly TKeyedSegment[], tolerance: number): string | null {
  let best: string | null = null;
  let bestDistance = tolerance;
  for (const s of segments) {
    const d = distanceToSegment(p, s.points[0], s.points[1]);
    if (d <= bestDistance && (best === null || d < bestDistance)) {
      best = s.key;
      bestDistance = d;
    }
  }
  return best;
}
