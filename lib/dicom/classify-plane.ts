import type { ImageGeometry, TImagePlane, Vec3 } from "./types";

/**
 * Largest angle, in degrees, between an image's normal and a patient axis for the image still to
 * count as that axis's plane. 45° is the widest threshold that can never match two axes, and it is
 * what lumbar imaging needs: axial stacks are tilted along each disc, at L5–S1 often by 30° or
 * more, and must still be found as axial. Only double-oblique planes (no axis within 45°) are
 * "oblique".
 */
export const PLANE_ANGLE_THRESHOLD_DEG = 45;

/** Unit normal of the image plane, rowCosines × columnCosines (LPS, unitless). */
export function planeNormal(geometry: Pick<ImageGeometry, "rowCosines" | "columnCosines">): Vec3 {
  const [a1, a2, a3] = geometry.rowCosines;
  const [b1, b2, b3] = geometry.columnCosines;
  const n: Vec3 = [a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1];
  const length = Math.hypot(n[0], n[1], n[2]);
  return length > 0 ? [n[0] / length, n[1] / length, n[2] / length] : n;
}

/**
 * The anatomical plane of an image from its normal in LPS: along x (left–right) sagittal, along y
 * (anterior–posterior) coronal, along z (head–feet) axial; "oblique" when no axis lies within
 * `thresholdDeg` of the normal (either sign: flipped in-plane axes do not change the plane).
 */
export function classifyPlane(
  geometry: Pick<ImageGeometry, "rowCosines" | "columnCosines">,
  thresholdDeg: number = PLANE_ANGLE_THRESHOLD_DEG,
): TImagePlane {
  const normal = planeNormal(geometry);
  if (normal[0] === 0 && normal[1] === 0 && normal[2] === 0) return "oblique";
  const components = normal.map(Math.abs);
  const largest = Math.max(...components);
  // Strictly inside the cone: at exactly 45° two axes tie and neither should win.
  if (largest <= Math.cos((thresholdDeg * Math.PI) / 180) + 1e-12) return "oblique";
  const axis = components.indexOf(largest);
  return axis === 0 ? "sagittal" : axis === 1 ? "coronal" : "axial";
}
