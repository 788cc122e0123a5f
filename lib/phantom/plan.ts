import type { ImageGeometry, Vec3 } from "../dicom/types";
import { midSagittalSlice } from "../geometry/mid-sagittal-slice";
import { addScaled, cross, dot, normalize, scale, sub } from "../geometry/vec3";
import type { SpineModel } from "./anatomy";
import { GRE_CONTRAST, T1_CONTRAST, T2_CONTRAST, type TissueContrast } from "./contrast";
import type { PhantomOptions } from "./options";
import { poseDirection, posePoint, type Pose } from "./pose";
import type { Rng } from "./prng";
import type { TDiscLevel } from "./truth";

export type TSeriesKind = "sagittal-t2" | "axial-t2" | "sagittal-t1" | "localizer" | "coronal-t2";

export interface PlannedImage {
  sopInstanceUid: string;
  instanceNumber: number;
  /** Path relative to the study folder. */
  file: string;
  /** Exactly what is written to the file (rounded), LPS mm. */
  geometry: ImageGeometry;
  /** The disc stack this axial image belongs to. */
  stackLevel?: TDiscLevel;
}

export interface PlannedSeries {
  kind: TSeriesKind;
  seriesInstanceUid: string;
  seriesNumber: number;
  description: string;
  contrast: TissueContrast;
  echoTime: number;
  repetitionTime: number;
  imageType: string[];
  thicknessMm: number;
  spacingMm: number;
  /** Samples through the slice thickness (partial volume). */
  samples: number;
  images: PlannedImage[];
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
};
const roundVec = (v: Vec3, digits: number): Vec3 => [round(v[0], digits), round(v[1], digits), round(v[2], digits)];

interface PlaneSpec {
  /** Image centre, spine space. */
  center: Vec3;
  rowDir: Vec3;
  colDir: Vec3;
  rows: number;
  columns: number;
  /** [row spacing, column spacing] mm. */
  spacing: [number, number];
  thicknessMm: number;
}

function toGeometry(spec: PlaneSpec, pose: Pose, frameOfReferenceUid: string): ImageGeometry {
  const [rowSp, colSp] = spec.spacing;
  const corner = addScaled(addScaled(spec.center, spec.rowDir, -(spec.columns / 2 - 0.5) * colSp), spec.colDir, -(spec.rows / 2 - 0.5) * rowSp);
  return {
    imagePositionPatient: roundVec(posePoint(pose, corner), 4),
    rowCosines: roundVec(poseDirection(pose, spec.rowDir), 6),
    columnCosines: roundVec(poseDirection(pose, spec.colDir), 6),
    pixelSpacing: [round(rowSp, 6), round(colSp, 6)],
    rows: spec.rows,
    columns: spec.columns,
    sliceThickness: spec.thicknessMm,
    frameOfReferenceUid,
  };
}

/** Rotates v about the unit axis k by angle (rad), Rodrigues' formula. */
function rotate(v: Vec3, k: Vec3, angle: number): Vec3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const kv = cross(k, v);
  const kd = dot(k, v) * (1 - c);
  return [v[0] * c + kv[0] * s + k[0] * kd, v[1] * c + kv[1] * s + k[1] * kd, v[2] * c + kv[2] * s + k[2] * kd];
}

export interface StudyPlan {
  frameOfReferenceUid: string;
  series: PlannedSeries[];
  /** The T2 sagittal series and its middle image. */
  sagittal: PlannedSeries;
  mid: PlannedImage;
}

export const LOWER_LEVELS: TDiscLevel[] = ["L3-L4", "L4-L5", "L5-S1"];

/**
 * Plans every series of a study in spine space (aligned to the patient's spine, as an operator
 * plans them) and maps the planes into LPS with the patient's pose: the sagittal stack, one axial
 * stack parallel to each planned disc, and the decoys.
 */
export function planStudy(model: SpineModel, options: PhantomOptions, pose: Pose, rng: Rng, uid: () => string): StudyPlan {
  const frameOfReferenceUid = uid();
  const deg = Math.PI / 180;
  const series: PlannedSeries[] = [];
  const flipR = options.flipRows ? -1 : 1;
  const flipC = options.flipColumns ? -1 : 1;
  let seriesNumber = 1;
  const makeSeries = (kind: TSeriesKind, description: string, extra: Partial<PlannedSeries>): PlannedSeries => {
    const contrast = kind === "sagittal-t1" ? T1_CONTRAST : kind === "localizer" ? GRE_CONTRAST : T2_CONTRAST;
    const timing = kind === "sagittal-t1" ? [rng.uniform(8, 14), rng.uniform(450, 700)] : kind === "localizer" ? [rng.uniform(2, 5), rng.uniform(6, 12)] : [rng.uniform(85, 120), rng.uniform(2800, 5000)];
    const s: PlannedSeries = {
      kind,
      seriesInstanceUid: uid(),
      seriesNumber: seriesNumber++,
      description,
      contrast,
      echoTime: round(timing[0]!, 2),
      repetitionTime: round(timing[1]!, 1),
      imageType: kind === "localizer" ? ["ORIGINAL", "PRIMARY", "LOCALIZER"] : ["ORIGINAL", "PRIMARY", "M", "ND"],
      thicknessMm: 4,
      spacingMm: 4.4,
      samples: 2,
      images: [],
      ...extra,
    };
    series.push(s);
    return s;
  };
  const dirOf = (s: PlannedSeries) => `s${String(s.seriesNumber).padStart(2, "0")}-${s.kind}`;
  const addImage = (s: PlannedSeries, spec: PlaneSpec, stackLevel?: TDiscLevel) => {
    const instanceNumber = s.images.length + 1;
    s.images.push({
      sopInstanceUid: uid(),
      instanceNumber,
      file: `${dirOf(s)}/${String(instanceNumber).padStart(3, "0")}.dcm`,
      geometry: toGeometry(spec, pose, frameOfReferenceUid),
      ...(stackLevel ? { stackLevel } : {}),
    });
  };

  const v = model.vertebrae;
  const byName = (name: string) => v.find((x) => x.name === name)!;

  if (options.decoys) {
    const loc = makeSeries("localizer", "localizer", { thicknessMm: 8, spacingMm: 8, samples: 1 });
    const l3 = byName("L3").center;
    const base = { rows: 256, columns: 256, spacing: [1.7, 1.7] as [number, number], thicknessMm: 8 };
    addImage(loc, { ...base, center: [0, l3[1] + 20, l3[2] - 40], rowDir: [0, 1, 0], colDir: [0, 0, -1] });
    addImage(loc, { ...base, center: [0, l3[1] + 25, l3[2] - 40], rowDir: [1, 0, 0], colDir: [0, 0, -1] });
    addImage(loc, { ...base, center: [0, l3[1] + 30, l3[2]], rowDir: [1, 0, 0], colDir: [0, 1, 0] });
  }

  // Sagittal T2 (and its T1 twin among the decoys).
  const sag = options.sagittal;
  const lower = options.coverage === "lower-sagittal";
  const fovRow = lower ? 220 : sag.fovRowMm;
  const fovCol = lower ? 220 : sag.fovColumnMm;
  const sagRows = lower ? 256 : sag.rows;
  const sagCols = lower ? 256 : sag.columns;
  const residualY = rng.normal(0, 1.5) * deg;
  const residualZ = rng.normal(0, 1.5) * deg;
  const sagRow = normalize(rotate(rotate([0, 1, 0], [0, 0, 1], residualZ), [0, 1, 0], residualY));
  const sagCol = normalize(rotate([0, 0, -1], [0, 1, 0], residualY));
  const sagNormal = normalize(cross(sagRow, sagCol));
  const l1Top = byName("L1").center[2] + byName("L1").height / 2;
  const s1 = byName("S1").center;
  let sagCenter: Vec3 = [rng.uniform(-1.5, 1.5), rng.uniform(10, 25), (l1Top + s1[2]) / 2 + rng.uniform(-10, 10)];
  if (lower) sagCenter = [sagCenter[0], sagCenter[1], byName("L2").center[2] - fovRow / 2 + rng.uniform(0, 4)];
  const sagSpacing = sag.thicknessMm + sag.gapMm;
  const sagSpec = (k: number, count: number): PlaneSpec => ({
    center: addScaled(sagCenter, sagNormal, (k - (count - 1) / 2) * sagSpacing),
    rowDir: scale(sagRow, flipR),
    colDir: scale(sagCol, flipC),
    rows: sagRows,
    columns: sagCols,
    spacing: [fovRow / sagRows, fovCol / sagCols],
    thicknessMm: sag.thicknessMm,
  });
  const sagOrder = (count: number) => {
    const ks = Array.from({ length: count }, (_, k) => k);
    return options.sliceOrder === "cranial-first" ? ks.reverse() : ks;
  };
  // Fine matrices already sample the soft edges densely; one depth keeps large studies near 3 s.
  const depthSamples = (rows: number, columns: number) => (rows * columns > 320 * 320 ? 1 : 2);
  const t2 = makeSeries("sagittal-t2", "T2 TSE SAG", { thicknessMm: sag.thicknessMm, spacingMm: sagSpacing, samples: depthSamples(sagRows, sagCols) });
  for (const k of sagOrder(sag.count)) addImage(t2, sagSpec(k, sag.count));
  if (options.decoys) {
    const t1 = makeSeries("sagittal-t1", "T1 TSE SAG", { thicknessMm: sag.thicknessMm, spacingMm: sagSpacing, samples: 1 });
    for (const k of sagOrder(11)) addImage(t1, sagSpec(k + 2, 15));
  }

  // Axial T2 stacks, one per disc, each parallel to its disc.
  const ax = options.axial;
  const levels: TDiscLevel[] = options.coverage === "full" ? ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"] : LOWER_LEVELS;
  const stacks = levels.map((level) => {
    const disc = model.discs.find((d) => d.level === level)!;
    const tiltAxis = normalize(rotate(cross(disc.up, [1, 0, 0]), disc.up, rng.uniform(0, 2 * Math.PI)));
    const normal = normalize(rotate(disc.up, tiltAxis, rng.normal(0, options.angulationJitterDeg) * deg));
    const lateral = normalize(sub([1, 0, 0], scale(normal, normal[0])));
    const colDir = normalize(cross(normal, lateral));
    // Feet-first as some scanners write it: columns run to the patient's right, so the normal
    // (row × column) points caudally.
    const rowDir = options.patientPosition === "FFS" ? scale(lateral, -1) : lateral;
    const sliceNormal = normalize(cross(rowDir, colDir));
    const center = addScaled(addScaled(disc.center, disc.anterior, -rng.uniform(15, 30)), [1, 0, 0], rng.uniform(-5, 5));
    const count = rng.int(ax.minSlices, ax.maxSlices);
    const spacing = ax.thicknessMm + ax.gapMm;
    const shift = rng.uniform(-0.8, 0.8);
    const specs = Array.from({ length: count }, (_, j): PlaneSpec => ({
      center: addScaled(center, sliceNormal, (j - (count - 1) / 2) * spacing + shift * Math.sign(dot(sliceNormal, disc.up))),
      rowDir: scale(rowDir, flipR),
      colDir: scale(colDir, flipC),
      rows: ax.rows,
      columns: ax.columns,
      spacing: [ax.fovRowMm / ax.rows, ax.fovColumnMm / ax.columns],
      thicknessMm: ax.thicknessMm,
    }));
    // Acquisition order along the spine, whatever way the normal points.
    specs.sort((p, q) => dot(sub(p.center, q.center), disc.up));
    if (options.sliceOrder === "cranial-first") specs.reverse();
    return { level, specs, spacing };
  });
  // Stacks go caudal → cranial (L5-S1 first) unless the order is reversed.
  const ordered = options.sliceOrder === "cranial-first" ? stacks : [...stacks].reverse();
  if (options.axialLayout === "single") {
    const s = makeSeries("axial-t2", "T2 TSE TRA", { thicknessMm: ax.thicknessMm, spacingMm: ax.thicknessMm + ax.gapMm, samples: depthSamples(ax.rows, ax.columns) });
    for (const stack of ordered) for (const spec of stack.specs) addImage(s, spec, stack.level);
  } else {
    ordered.forEach((stack, i) => {
      const s = makeSeries("axial-t2", `T2 TSE TRA ${i + 1}`, { thicknessMm: ax.thicknessMm, spacingMm: stack.spacing, samples: depthSamples(ax.rows, ax.columns) });
      for (const spec of stack.specs) addImage(s, spec, stack.level);
    });
  }

  if (options.decoys) {
    const cor = makeSeries("coronal-t2", "T2 TSE COR", { samples: 1 });
    for (let k = 0; k < 5; k++) {
      addImage(cor, { center: [0, 10 + (k - 2) * 4.4, byName("L3").center[2]], rowDir: [1, 0, 0], colDir: [0, 0, -1], rows: 256, columns: 256, spacing: [1.3, 1.3], thicknessMm: 4 });
    }
  }
  const mid = midSagittalSlice(t2.images)!;
  return { frameOfReferenceUid, series, sagittal: t2, mid };
}
