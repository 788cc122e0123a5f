import type { Vec3 } from "../dicom/types";
import { dot, normalize, scale, sub } from "../geometry/vec3";

/** Component of `v` in the plane orthogonal to the unit vector `n` (no change when n is zero). */
export function inPlane(v: Vec3, n: Vec3): Vec3 {
  return sub(v, scale(n, dot(v, n)));
}

/**
 * The spine's cranio-caudal axis through a set of body centres (LPS mm): the principal direction
 * of the centres (largest eigenvector of their covariance, by power iteration) after removing
 * their component along `normal` (the sagittal plane's normal, so that centres from neighbouring
 * sagittal slices do not tilt it), oriented towards the head (+z in LPS, whatever the patient
 * position or the image flips). Ordering by the projection on this axis is the order along the
 * spine for any curve that turns less than 180° — lumbar lordosis is 40–60°, thoraco-lumbar
 * kyphosis less — and for a patient tilted in the magnet. Fewer than two points, or points that
 * do not spread: the patient z axis.
 */
export function spineAxis(points: readonly Vec3[], normal: Vec3 = [0, 0, 0]): Vec3 {
  const n = normalize(normal);
  const p = points.map((q) => inPlane(q, n));
  if (p.length < 2) return [0, 0, 1];
  const mean: Vec3 = [0, 0, 0];
  for (const q of p) for (let a = 0; a < 3; a++) mean[a] = mean[a]! + q[a]! / p.length;
  const c = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const q of p) {
    const d = sub(q, mean);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) c[3 * a + b] = c[3 * a + b]! + d[a]! * d[b]!;
  }
  // Power iteration from patient z (the expected answer): converges to the main axis.
  let v: Vec3 = inPlane([0, 0, 1], n);
  if (dot(v, v) < 1e-12) v = [0, 1, 0];
  for (let k = 0; k < 100; k++) {
    const w: Vec3 = [
      c[0]! * v[0] + c[1]! * v[1] + c[2]! * v[2],
      c[3]! * v[0] + c[4]! * v[1] + c[5]! * v[2],
      c[6]! * v[0] + c[7]! * v[1] + c[8]! * v[2],
    ];
    const next = normalize(w);
    if (dot(next, next) === 0) return [0, 0, 1];
    v = next;
  }
  return v[2] < 0 ? scale(v, -1) : v;
}
