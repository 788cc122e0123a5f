import type { Vec3 } from "../dicom/types";
import type { Rng } from "./prng";

/** Rigid map from spine space to patient LPS (mm): p = R·q + t, R row-major and orthonormal. */
export interface Pose {
  rotation: [number, number, number, number, number, number, number, number, number];
  translation: Vec3;
}

export function rotationFromEuler(rx: number, ry: number, rz: number): Pose["rotation"] {
  const [cx, sx, cy, sy, cz, sz] = [Math.cos(rx), Math.sin(rx), Math.cos(ry), Math.sin(ry), Math.cos(rz), Math.sin(rz)];
  // R = Rz · Ry · Rx
  return [
    cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx,
    sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx,
    -sy, cy * sx, cy * cx,
  ];
}

/** A patient lying a little rolled and yawed, somewhere along the table. */
export function drawPose(rng: Rng, feetFirst: boolean): Pose {
  const deg = Math.PI / 180;
  return {
    rotation: rotationFromEuler(rng.normal(0, 2.5) * deg, rng.normal(0, 2.5) * deg, rng.normal(0, 2) * deg),
    translation: [rng.uniform(-15, 15), rng.uniform(-5, 45), feetFirst ? rng.uniform(150, 400) : rng.uniform(-90, 90)],
  };
}

export function poseDirection(pose: Pose, d: Vec3): Vec3 {
  const r = pose.rotation;
  return [r[0] * d[0] + r[1] * d[1] + r[2] * d[2], r[3] * d[0] + r[4] * d[1] + r[5] * d[2], r[6] * d[0] + r[7] * d[1] + r[8] * d[2]];
}

export function posePoint(pose: Pose, q: Vec3): Vec3 {
  const p = poseDirection(pose, q);
  return [p[0] + pose.translation[0], p[1] + pose.translation[1], p[2] + pose.translation[2]];
}

/** Inverse rotation (Rᵀ) of an LPS direction into spine space. */
export function unposeDirection(pose: Pose, d: Vec3): Vec3 {
  const r = pose.rotation;
  return [r[0] * d[0] + r[3] * d[1] + r[6] * d[2], r[1] * d[0] + r[4] * d[1] + r[7] * d[2], r[2] * d[0] + r[5] * d[1] + r[8] * d[2]];
}

export function unposePoint(pose: Pose, p: Vec3): Vec3 {
  const t = pose.translation;
  return unposeDirection(pose, [p[0] - t[0], p[1] - t[1], p[2] - t[2]]);
}
