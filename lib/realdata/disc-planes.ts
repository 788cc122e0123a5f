import type { Vec3 } from "../dicom/types";
import { addScaled, normalize, sub } from "../geometry/vec3";
import { DISC_LEVELS, VERTEBRA_LABELS, type TDiscLevel, type TVertebraLabel } from "../phantom/truth";

/** Where to cut axial images for one disc: its centre and the local spine axis (LPS, mm). */
export interface DiscPlane {
  level: TDiscLevel;
  centre: Vec3;
  /** Unit normal of the disc's axial plane, pointing cranially (z > 0). */
  normal: Vec3;
}

/** Mean of a flat [x, y, z, …] point list. */
export function centroid(points: Float64Array): Vec3 {
  const n = points.length / 3;
  const c: Vec3 = [0, 0, 0];
  for (let k = 0; k < points.length; k += 3) {
    c[0] += points[k]!;
    c[1] += points[k + 1]!;
    c[2] += points[k + 2]!;
  }
  return [c[0] / n, c[1] / n, c[2] / n];
}

/** The q-quantile (0..1, nearest rank on the sorted values) of the points' projections on `axis` from `origin`. */
export function projectionQuantile(points: Float64Array, origin: Vec3, axis: Vec3, q: number): number {
  const t = new Float64Array(points.length / 3);
  for (let k = 0; k < t.length; k++) {
    t[k] = (points[3 * k]! - origin[0]) * axis[0] + (points[3 * k + 1]! - origin[1]) * axis[1] + (points[3 * k + 2]! - origin[2]) * axis[2];
  }
  t.sort();
  return t[Math.min(t.length - 1, Math.max(0, Math.round(q * (t.length - 1))))]!;
}

const cranial = (v: Vec3): Vec3 => (v[2] < 0 ? [-v[0], -v[1], -v[2]] : v);

/**
 * Disc planes from labelled vertebral bodies (VB1, VB3): for each pair of consecutive bodies in
 * L1…S1 that are both labelled, the local spine axis a = the unit vector from the lower body's
 * centroid to the upper's; the facing endplates are the 2nd percentile of the upper body's voxels
 * along a (its inferior endplate) and the 98th of the lower body's (its superior endplate), robust
 * to a stray voxel; the disc centre is the point on the centroid line midway between them.
 * `bodies` maps label → that body's voxel centres (flat LPS list, labelPoints).
 */
export function discPlanesFromBodies(bodies: ReadonlyMap<TVertebraLabel, Float64Array>): DiscPlane[] {
  const out: DiscPlane[] = [];
  DISC_LEVELS.forEach((level, k) => {
    const upper = bodies.get(VERTEBRA_LABELS[k]!);
    const lower = bodies.get(VERTEBRA_LABELS[k + 1]!);
    if (!upper || !lower || upper.length === 0 || lower.length === 0) return;
    const cu = centroid(upper);
    const cl = centroid(lower);
    const axis = normalize(sub(cu, cl));
    const upperInferior = projectionQuantile(upper, cl, axis, 0.02);
    const lowerSuperior = projectionQuantile(lower, cl, axis, 0.98);
    out.push({ level, centre: addScaled(cl, axis, (upperInferior + lowerSuperior) / 2), normal: cranial(axis) });
  });
  return out;
}

/**
 * Unit eigenvector of the smallest eigenvalue of the points' 3×3 covariance (the thin axis of a
 * disc-shaped cloud): power iteration on trace·I − C, whose largest eigenvector it is. Iterates
 * until the direction stops changing (1 − cos < 1e-15, about 5e-8 rad) or 2000 steps.
 */
export function thinAxis(points: Float64Array): Vec3 {
  const c = centroid(points);
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const n = points.length / 3;
  for (let k = 0; k < points.length; k += 3) {
    const d = [points[k]! - c[0], points[k + 1]! - c[1], points[k + 2]! - c[2]];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[3 * i + j]! += (d[i]! * d[j]!) / n;
  }
  const trace = m[0]! + m[4]! + m[8]!;
  const a = m.map((x, k) => (k % 4 === 0 ? trace - x : -x));
  let v: Vec3 = normalize([0.1, 0.2, 1]);
  for (let step = 0; step < 2000; step++) {
    const next = normalize([
      a[0]! * v[0] + a[1]! * v[1] + a[2]! * v[2],
      a[3]! * v[0] + a[4]! * v[1] + a[5]! * v[2],
      a[6]! * v[0] + a[7]! * v[1] + a[8]! * v[2],
    ]);
    const change = Math.abs(1 - Math.abs(next[0] * v[0] + next[1] * v[1] + next[2] * v[2]));
    v = next;
    if (change < 1e-15) break;
  }
  return cranial(v);
}

/**
 * Disc planes from labelled discs (IVD): centre = the disc's centroid, normal = its thin axis
 * (thinAxis), the direction its endplates face, which is how a radiographer angles a disc's stack.
 */
export function discPlanesFromDiscs(discs: ReadonlyMap<TDiscLevel, Float64Array>): DiscPlane[] {
  return DISC_LEVELS.flatMap((level) => {
    const points = discs.get(level);
    return points && points.length > 0 ? [{ level, centre: centroid(points), normal: thinAxis(points) }] : [];
  });
}
