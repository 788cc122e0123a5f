import type { Vec3 } from "../dicom/types";
import type { Rng } from "./prng";
import type { TDiagnosis, TDiscLevel, TVertebraLabel } from "./truth";

/**
 * The analytic spine in "spine space": x = patient left, y = posterior, z = superior (LPS axes of
 * a patient lying straight), millimetres. The centreline of the vertebral bodies is a circular arc
 * in the plane x = 0 (constant-curvature lordosis), parametrised by arc length s growing
 * caudally; each vertebral body is a rigid block whose frame is the arc's frame at its centre, so
 * the discs between them come out wedge-shaped (taller anteriorly), as lumbar discs are.
 */
export const SEGMENT_NAMES = ["T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2"] as const;

/** Body height, AP depth and width (mm) of an average adult, before the per-study scale. */
const BODY_SIZE: Record<(typeof SEGMENT_NAMES)[number], [number, number, number]> = {
  T11: [22, 28, 37],
  T12: [23, 30, 40],
  L1: [25, 32, 43],
  L2: [26, 33, 45],
  L3: [27, 34, 48],
  L4: [27, 35, 50],
  L5: [25, 35, 52],
  S1: [27, 36, 50],
  S2: [21, 28, 40],
};
/** Disc heights at the centre (mm), T11-T12 … S1-S2 (the last is the rudimentary sacral disc). */
const DISC_HEIGHT = [5, 6.5, 9, 10, 11, 12, 11, 1.5];

export interface VertebraModel {
  name: (typeof SEGMENT_NAMES)[number];
  label: TVertebraLabel | null;
  /** Arc parameter of the centre, mm. */
  s: number;
  center: Vec3;
  /** Cranial unit vector of the body's frame. */
  up: Vec3;
  /** Anterior unit vector of the body's frame. */
  anterior: Vec3;
  height: number;
  depth: number;
  width: number;
}

export interface HerniationModel {
  /** Lateral offset of the protrusion's centre from the midline, mm (+ = patient left). */
  lateralMm: number;
  /** Lateral half-width, mm. */
  halfWidthMm: number;
  /** How far it reaches beyond the disc's posterior margin, mm. */
  depthMm: number;
  /** Cranio-caudal half-extent from the disc centre, mm. */
  halfHeightMm: number;
  /** T2 signal of the displaced material, relative to CSF. */
  signal: number;
}

export interface DiscModel {
  /** Lumbar level, or null for T11-T12, T12-L1, S1-S2. */
  level: TDiscLevel | null;
  upper: number;
  lower: number;
  s: number;
  center: Vec3;
  up: Vec3;
  anterior: Vec3;
  height: number;
  diagnosis: TDiagnosis;
  /** Circumferential extension beyond the vertebral margin, mm (bulge). */
  bulgeMm: number;
  /** Posterior concavity depth of the disc margin, mm (negative = convex). */
  notchMm: number;
  /** T2 signal of the nucleus relative to CSF (low when degenerated). */
  nucleusT2: number;
  herniation: HerniationModel | null;
}

export interface SoftTissueModel {
  bodyHalfWidth: number;
  bodyHalfDepth: number;
  /** a-coordinate of the body ellipse's centre (a = anterior offset from the spine axis). */
  bodyCenterA: number;
  fatMm: number;
  sacHalfWidth: number;
  sacHalfDepth: number;
  canalMarginMm: number;
  psoasScale: number;
  paraspinalScale: number;
  /** Multiplicative bias field per mm anterior (a) and per mm lateral (l). */
  biasSlope: number;
  biasLateral: number;
  /** Arc parameter where the conus medullaris ends. */
  conusS: number;
  /** Nerve roots of the cauda equina, as offsets inside the sac (unit-ellipse coordinates). */
  roots: [number, number][];
}

export interface SpineModel {
  /** Arc: centre of curvature (y, z), radius, and the angle at s = 0. */
  arc: { cy: number; cz: number; radius: number; theta0: number };
  vertebrae: VertebraModel[];
  discs: DiscModel[];
  soft: SoftTissueModel;
}

function arcPoint(arc: SpineModel["arc"], s: number): { center: Vec3; up: Vec3; anterior: Vec3 } {
  const theta = arc.theta0 + s / arc.radius;
  const c = Math.cos(theta);
  const sn = Math.sin(theta);
  return {
    center: [0, arc.cy - arc.radius * c, arc.cz - arc.radius * sn],
    up: [0, -sn, c],
    anterior: [0, -c, -sn],
  };
}

/** Builds one patient's spine from the seed: sizes, lordosis, discs and their pathology. */
export function buildSpine(rng: Rng, diagnoses: Record<TDiscLevel, TDiagnosis>): SpineModel {
  const size = rng.uniform(0.9, 1.1);
  const lordosisDeg = rng.uniform(30, 50);
  const tiltDeg = rng.uniform(4, 14);
  const heights = SEGMENT_NAMES.map((name) => BODY_SIZE[name][0] * size * rng.uniform(0.96, 1.04));
  const levelsOrder: (TDiscLevel | null)[] = [null, null, "L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1", null];
  const discParams = DISC_HEIGHT.map((h, i) => {
    const level = levelsOrder[i] ?? null;
    const diagnosis: TDiagnosis = level ? diagnoses[level] : "normal";
    const degenerated = rng.chance(diagnosis === "normal" ? 0.12 : 0.65);
    const height = h * size * rng.uniform(0.9, 1.1) * (degenerated ? rng.uniform(0.65, 0.85) : 1);
    return { level, diagnosis, degenerated, height };
  });

  // Arc lengths of the centres, from the top of T11.
  const centersS: number[] = [];
  let s = 0;
  heights.forEach((h, i) => {
    centersS.push(s + h / 2);
    s += h + (discParams[i]?.height ?? 0);
  });
  const l1Top = centersS[2]! - heights[2]! / 2;
  const s1Top = centersS[7]! - heights[7]! / 2;
  const lordosis = (lordosisDeg * Math.PI) / 180;
  const radius = (s1Top - l1Top) / lordosis;
  const thetaL1 = ((-lordosisDeg / 2 + tiltDeg) * Math.PI) / 180;
  const theta0 = thetaL1 - l1Top / radius;
  // Put the centre of L3 at the origin of spine space.
  const l3Theta = theta0 + centersS[4]! / radius;
  const arc = { cy: radius * Math.cos(l3Theta), cz: radius * Math.sin(l3Theta), radius, theta0 };

  const vertebrae: VertebraModel[] = SEGMENT_NAMES.map((name, i) => {
    const frame = arcPoint(arc, centersS[i]!);
    const [, depth, width] = BODY_SIZE[name];
    return {
      name,
      label: (["L1", "L2", "L3", "L4", "L5", "S1"] as const).find((l) => l === name) ?? null,
      s: centersS[i]!,
      ...frame,
      height: heights[i]!,
      depth: depth * size * rng.uniform(0.95, 1.05),
      width: width * size * rng.uniform(0.95, 1.05),
    };
  });

  const discs: DiscModel[] = discParams.map((p, i) => {
    const upper = vertebrae[i]!;
    const discS = upper.s + upper.height / 2 + p.height / 2;
    const frame = arcPoint(arc, discS);
    const normalNucleus = rng.uniform(0.72, 0.95);
    const nucleusT2 = p.degenerated ? rng.uniform(0.28, 0.55) : normalNucleus;
    let bulgeMm = rng.uniform(-0.5, 0.6);
    let notchMm = rng.uniform(2.5, 4.5);
    let herniation: HerniationModel | null = null;
    if (p.diagnosis === "bulge") {
      bulgeMm = rng.uniform(2.5, 5.5);
      notchMm = rng.uniform(-3, -0.5);
    } else if (p.diagnosis === "herniation") {
      bulgeMm = rng.uniform(-0.3, 1.2);
      notchMm = rng.uniform(1, 3.5);
      const paracentral = rng.chance(0.55);
      herniation = {
        lateralMm: paracentral ? rng.pick([-1, 1]) * rng.uniform(5, 10) : rng.uniform(-2, 2),
        halfWidthMm: rng.uniform(5, 9),
        depthMm: rng.uniform(6, 11),
        halfHeightMm: p.height / 2 + rng.uniform(0.5, 3.5),
        signal: rng.uniform(0.3, 0.85),
      };
    }
    return {
      level: p.level,
      upper: i,
      lower: i + 1,
      s: discS,
      ...frame,
      height: p.height,
      diagnosis: p.diagnosis,
      bulgeMm,
      notchMm,
      nucleusT2,
      herniation,
    };
  });

  const roots: [number, number][] = [];
  const rootCount = rng.int(10, 16);
  for (let i = 0; i < rootCount; i++) {
    // Supine: the roots settle in the dependent (posterior) half of the sac, fanning laterally.
    const angle = rng.uniform(-Math.PI * 0.85, -Math.PI * 0.15);
    const r = rng.uniform(0.35, 0.72);
    roots.push([r * Math.cos(angle), r * Math.sin(angle)]);
  }
  const soft: SoftTissueModel = {
    bodyHalfWidth: rng.uniform(135, 185),
    bodyHalfDepth: rng.uniform(95, 130),
    bodyCenterA: 0,
    fatMm: rng.uniform(8, 34),
    sacHalfWidth: rng.uniform(7, 9.5) * size,
    sacHalfDepth: rng.uniform(5.5, 7.5) * size,
    canalMarginMm: rng.uniform(1.5, 3),
    psoasScale: rng.uniform(0.8, 1.25),
    paraspinalScale: rng.uniform(0.85, 1.2),
    biasSlope: rng.uniform(0.001, 0.0032),
    biasLateral: rng.uniform(-0.0012, 0.0012),
    conusS: vertebrae[2]!.s + rng.uniform(0, vertebrae[2]!.height),
    roots,
  };
  // Posterior skin lies behind the spinous processes, muscles and fat: fix the body ellipse there.
  const posteriorSkinA = -(17 + 17 + 48 * soft.paraspinalScale + soft.fatMm);
  soft.bodyCenterA = posteriorSkinA + soft.bodyHalfDepth;
  return { arc, vertebrae, discs, soft };
}

/** The arc frame (centre point, cranial and anterior unit vectors) at arc parameter s. */
export function spineFrameAt(model: SpineModel, s: number): { center: Vec3; up: Vec3; anterior: Vec3 } {
  return arcPoint(model.arc, s);
}
