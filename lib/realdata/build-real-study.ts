import { DISC_LEVELS, VERTEBRA_LABELS, type TDiscLevel, type TVertebraLabel } from "../phantom/truth";
import type { TStudySource } from "../pipeline/sources";
import { addScaled } from "../geometry/vec3";
import { axialGeometry, reformatAxial, type AxialPlaneSpec } from "./axial-reformat";
import { discPlanesFromBodies, discPlanesFromDiscs, type DiscPlane } from "./disc-planes";
import type { RealExam, TRealdataSet } from "./exam";
import { averageSlab, planSlabs, slabGeometry, type SlabRange } from "./sagittal-slabs";
import { labelPointsByValue } from "./volume";
import { pixelScale, toStored, uidFrom, writeRealMr, type RealStudyHeader } from "./write-mr";

export interface BuildRealStudyOptions {
  /** Sagittal slab thickness and spacing, whole mm (default 4). */
  slabMm?: number;
  /** Axial images per disc (default 3), `axialSpacingMm` apart, centred on the disc centre. */
  axialPerDisc?: number;
  axialSpacingMm?: number;
  axialThicknessMm?: number;
  /** Axial matrix (square) at 1 mm pixels, centred on the disc centre (default 160). */
  axialMatrix?: number;
}

/** What the built study should yield, for scoring (lib/pipeline/eval, scoreRealStudy). */
export interface RealStudyTruth {
  exam: string;
  set: TRealdataSet;
  studyInstanceUid: string;
  sagittal: { seriesInstanceUid: string; slabs: (SlabRange & { sopInstanceUid: string })[] };
  /** The labelled bodies among L1…S1, with their label value in the exam's label volume (names as index.json gives them). */
  vertebrae: { label: TVertebraLabel; value: number }[];
  /** Every axial image: the disc it was cut through and its offset from the disc centre along the normal, mm. */
  slices: { sopInstanceUid: string; seriesInstanceUid: string; level: TDiscLevel; offsetMm: number }[];
  discs: DiscPlane[];
}

export interface RealStudy {
  /** DICOM Part 10 files in memory, as analyzeStudy's `input` takes them. */
  sources: TStudySource[];
  truth: RealStudyTruth;
}

const pad = (n: number) => String(n).padStart(4, "0");

/**
 * Builds an ordinary-looking lumbar MR study from a real exam's 1 mm volume, in memory:
 * - series 1 "SAG T2": contiguous sagittal slabs (planSlabs: `slabMm` slices averaged, centred on
 *   the labels' mean left–right position), IOP 0\1\0\0\0\−1, 1 mm pixels (slabGeometry);
 * - one "AX T2" series per disc (series 2, 3, …, caudal discs last): `axialPerDisc` oblique axial
 *   images reformatted through the disc (discPlanesFromBodies for VB sets, discPlanesFromDiscs for
 *   IVD), perpendicular to the local spine axis, `axialThicknessMm` thick (reformatAxial).
 * All images share one study, frame of reference and stored-value scale (pixelScale); UIDs derive
 * from the exam id (uidFrom), so rebuilding gives the same study. Label names are used as index.json
 * gives them (VB1's are by eye).
 */
export function buildRealStudy(exam: RealExam, options: BuildRealStudyOptions = {}): RealStudy {
  const slabMm = options.slabMm ?? 4;
  const perDisc = options.axialPerDisc ?? 3;
  const spacing = options.axialSpacingMm ?? 4;
  const thickness = options.axialThicknessMm ?? 4;
  const matrix = options.axialMatrix ?? 160;
  const uid = (...parts: (string | number)[]) => uidFrom("discern-realdata", exam.id, ...parts.map(String));
  const header: RealStudyHeader = {
    studyInstanceUid: uid("study"),
    frameOfReferenceUid: uid("frame"),
    examId: exam.id,
    studyDescription: `LUMBAR SPINE (real exam ${exam.id}, reformatted)`,
  };
  let max = 0;
  for (const x of exam.image.data) max = Math.max(max, x);
  const scale = pixelScale(max);
  const comment = `Reformatted by discern from research exam ${exam.id} (${exam.set}, ../shared/realdata).`;
  const sources: TStudySource[] = [];

  // Sagittal slabs centred on the labelled anatomy's mean slice index.
  let sum = 0;
  let count = 0;
  exam.labels.data.forEach((value, k) => {
    if (value === 0) return;
    sum += k % exam.labels.slices;
    count++;
  });
  const centre = count > 0 ? sum / count : (exam.image.slices - 1) / 2;
  const sagittalUid = uid("series", "sagittal");
  const slabs = planSlabs(exam.image.slices, slabMm, centre).map((slab, k) => {
    const sopInstanceUid = uid("sagittal", k);
    const geometry = slabGeometry(exam.image, slab, header.frameOfReferenceUid);
    const pixels = toStored(averageSlab(exam.image, slab), scale);
    const bytes = writeRealMr(header, { seriesInstanceUid: sagittalUid, seriesNumber: 1, description: "SAG T2", spacingMm: slabMm }, { sopInstanceUid, instanceNumber: k + 1, geometry, pixels, comment });
    sources.push({ path: `SAG_T2/IM${pad(k + 1)}.dcm`, bytes });
    return { ...slab, sopInstanceUid };
  });

  // Bodies and discs by the names index.json gives.
  const bodies = new Map<TVertebraLabel, Float64Array>();
  const discMasks = new Map<TDiscLevel, Float64Array>();
  const vertebrae: RealStudyTruth["vertebrae"] = [];
  const points = labelPointsByValue(exam.labels);
  const labelPoints = (value: number) => points.get(value) ?? new Float64Array(0);
  for (const [value, name] of exam.labelNames) {
    if ((VERTEBRA_LABELS as readonly string[]).includes(name)) {
      bodies.set(name as TVertebraLabel, labelPoints(value));
      vertebrae.push({ label: name as TVertebraLabel, value });
    } else if ((DISC_LEVELS as readonly string[]).includes(name)) {
      discMasks.set(name as TDiscLevel, labelPoints(value));
    }
  }
  vertebrae.sort((a, b) => VERTEBRA_LABELS.indexOf(a.label) - VERTEBRA_LABELS.indexOf(b.label));
  const discs = discMasks.size > 0 ? discPlanesFromDiscs(discMasks) : discPlanesFromBodies(bodies);

  const slices: RealStudyTruth["slices"] = [];
  discs.forEach((disc, d) => {
    const seriesInstanceUid = uid("series", "axial", disc.level);
    for (let k = 0; k < perDisc; k++) {
      const offsetMm = (k - (perDisc - 1) / 2) * spacing;
      const spec: AxialPlaneSpec = { centre: addScaled(disc.centre, disc.normal, offsetMm), normal: disc.normal, rows: matrix, columns: matrix, pixelMm: 1, thicknessMm: thickness };
      const geometry = axialGeometry(spec, header.frameOfReferenceUid);
      const sopInstanceUid = uid("axial", disc.level, k);
      const pixels = toStored(reformatAxial(exam.image, spec, geometry), scale);
      const bytes = writeRealMr(header, { seriesInstanceUid, seriesNumber: d + 2, description: "AX T2", spacingMm: spacing }, { sopInstanceUid, instanceNumber: k + 1, geometry, pixels, comment });
      sources.push({ path: `AX_T2_${d + 2}/IM${pad(k + 1)}.dcm`, bytes });
      slices.push({ sopInstanceUid, seriesInstanceUid, level: disc.level, offsetMm });
    }
  });

  return {
    sources,
    truth: { exam: exam.id, set: exam.set, studyInstanceUid: header.studyInstanceUid, sagittal: { seriesInstanceUid: sagittalUid, slabs }, vertebrae, slices, discs },
  };
}
