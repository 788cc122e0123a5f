import type { Box, ImageGeometry, Point2, Vec3 } from "../dicom/types";
import { patientToPixel } from "../geometry/patient-to-pixel";
import { planeNormal } from "../geometry/plane-normal";
import { addScaled, dot, sub } from "../geometry/vec3";
import type { DiscModel, SpineModel } from "./anatomy";
import type { StudyPlan } from "./plan";
import { posePoint, unposeDirection, unposePoint, type Pose } from "./pose";
import type { TPhantomTruth } from "./truth";

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (v: Vec3): Vec3 => [Math.round(v[0] * 1000) / 1000, Math.round(v[1] * 1000) / 1000, Math.round(v[2] * 1000) / 1000];

function boxOf(points: Point2[], geometry: ImageGeometry, marginPx = 0): Box | null {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const box: Box = [Math.min(...xs) - marginPx, Math.min(...ys) - marginPx, Math.max(...xs) + marginPx, Math.max(...ys) + marginPx];
  const clipped: Box = [Math.max(0, box[0]), Math.max(0, box[1]), Math.min(geometry.columns, box[2]), Math.min(geometry.rows, box[3])];
  if (clipped[2] <= clipped[0] || clipped[3] <= clipped[1]) return null;
  return [r2(clipped[0]), r2(clipped[1]), r2(clipped[2]), r2(clipped[3])];
}

/** The plane of an image in spine space: a point and the unit normal. */
function spinePlane(geometry: ImageGeometry, pose: Pose): { point: Vec3; normal: Vec3 } {
  return { point: unposePoint(pose, geometry.imagePositionPatient), normal: unposeDirection(pose, planeNormal(geometry)) };
}

/** Where a plane crosses a disc's axis, as mm cranial of the disc centre (Infinity when parallel). */
function axisOffset(plane: { point: Vec3; normal: Vec3 }, disc: { center: Vec3; up: Vec3 }): number {
  const denom = dot(disc.up, plane.normal);
  if (Math.abs(denom) < 1e-9) return Infinity;
  return dot(sub(plane.point, disc.center), plane.normal) / denom;
}

/** Outline of a disc's posterior margin region plus the canal behind it, in spine space (for ROIs). */
function discRoiPoints(model: SpineModel, disc: DiscModel): Vec3[] {
  const up = model.vertebrae[disc.upper]!;
  const lo = model.vertebrae[disc.lower]!;
  const hw = (up.width + lo.width) / 4 + Math.max(0, disc.bulgeMm) * 0.8;
  const hd = (up.depth + lo.depth) / 4 + Math.max(0, disc.bulgeMm);
  const soft = model.soft;
  const canalBack = -hd - 2 * soft.canalMarginMm - 2 * soft.sacHalfDepth - 2;
  const lateral: Vec3 = [1, 0, 0];
  const points: Vec3[] = [];
  for (let i = 0; i < 24; i++) {
    const t = (2 * Math.PI * i) / 24;
    points.push(addScaled(addScaled(disc.center, lateral, hw * Math.cos(t)), disc.anterior, hd * Math.sin(t)));
  }
  points.push(addScaled(disc.center, disc.anterior, canalBack));
  return points;
}

/**
 * Ground truth of a planned study: vertebra centres and their boxes on the mid-sagittal image,
 * each axial slice's level (from the model: the disc whose axis the plane crosses between the
 * endplates), its signed distance to that disc's centre, whether it is at the disc, and its ROI.
 */
export function buildTruth(args: { seed: number; variant: string; studyInstanceUid: string; model: SpineModel; pose: Pose; plan: StudyPlan }): TPhantomTruth {
  const { model, pose, plan } = args;
  const midGeometry = plan.mid.geometry;
  const midPlane = spinePlane(midGeometry, pose);
  const vertebrae: TPhantomTruth["vertebrae"] = [];
  for (const v of model.vertebrae) {
    if (!v.label) continue;
    // Corners of the body's sagittal section, moved onto the mid-sagittal plane.
    const corners: Point2[] = [];
    for (const su of [-1, 1]) {
      for (const sa of [-1, 1]) {
        const q = addScaled(addScaled(v.center, v.up, (su * v.height) / 2), v.anterior, sa > 0 ? v.depth / 2 : -(v.depth / 2 - 1));
        const onPlane = addScaled(q, midPlane.normal, -dot(sub(q, midPlane.point), midPlane.normal));
        corners.push(patientToPixel(midGeometry, posePoint(pose, onPlane)));
      }
    }
    const box = boxOf(corners, midGeometry);
    const inside = corners.every((p) => p[0] >= 0 && p[1] >= 0 && p[0] <= midGeometry.columns && p[1] <= midGeometry.rows);
    if (!box || !inside) continue;
    vertebrae.push({ label: v.label, centerPatient: r3(posePoint(pose, v.center)), box });
  }

  const slices: TPhantomTruth["slices"] = [];
  for (const series of plan.series) {
    if (series.kind !== "axial-t2") continue;
    for (const image of series.images) {
      const plane = spinePlane(image.geometry, pose);
      let hit: { disc: DiscModel; offset: number } | null = null;
      for (const disc of model.discs) {
        const offset = axisOffset(plane, disc);
        if (Math.abs(offset) < disc.height / 2) hit = { disc, offset };
      }
      const level = hit?.disc.level ?? null;
      const atDisc = hit !== null && level !== null && Math.abs(hit.offset) <= hit.disc.height / 2 - 1;
      let distanceMm: number | null = null;
      let roi: TPhantomTruth["slices"][number]["roi"] = null;
      if (hit && level) {
        const cranial = dot(plane.normal, hit.disc.up) >= 0 ? 1 : -1;
        distanceMm = r2(dot(sub(plane.point, hit.disc.center), plane.normal) * cranial);
        if (atDisc) {
          const pts = discRoiPoints(model, hit.disc).map((q) => {
            const onPlane = addScaled(q, plane.normal, -dot(sub(q, plane.point), plane.normal));
            return patientToPixel(image.geometry, posePoint(pose, onPlane));
          });
          roi = boxOf(pts, image.geometry, 4 / image.geometry.pixelSpacing[1]);
        }
      }
      slices.push({ sopInstanceUid: image.sopInstanceUid, seriesInstanceUid: series.seriesInstanceUid, file: image.file, level, distanceMm, atDisc, roi });
    }
  }
  return {
    schema: "discern.phantom-truth/v1",
    seed: args.seed,
    variant: args.variant,
    studyInstanceUid: args.studyInstanceUid,
    sagittal: { seriesInstanceUid: plan.sagittal.seriesInstanceUid, midSopInstanceUid: plan.mid.sopInstanceUid, midFile: plan.mid.file },
    vertebrae,
    slices,
    levels: model.discs.flatMap((d) => (d.level ? [{ level: d.level, diagnosis: d.diagnosis }] : [])),
    decoys: plan.series.filter((s) => s.kind !== "sagittal-t2" && s.kind !== "axial-t2").map((s) => ({ seriesInstanceUid: s.seriesInstanceUid, kind: s.kind })),
  };
}

