import type { Instance, Series } from "@prisma/client";
import { classifyPlane } from "../dicom/classify-plane";
import type { ImageGeometry } from "../dicom/types";
import { imageKey } from "../geometry/series-images";
import { DISC_LEVELS, type TDiscLevel } from "../phantom/truth";

/** One image (a slice) as the viewer needs it: size, pixel format for raw frames, default window, geometry. */
export interface TViewerImage {
  /** Unique within the study: the SOP Instance UID, with `[frame]` (0-based) for a frame of an enhanced multi-frame object (lib/geometry imageKey). */
  key: string;
  sopInstanceUid: string;
  /** 0-based frame of an enhanced multi-frame object; absent for a single-frame image. */
  frameIndex?: number;
  instanceNumber: number | null;
  rows: number;
  columns: number;
  pixelRepresentation: number;
  bitsStored: number;
  photometricInterpretation: string;
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenter: number | null;
  windowWidth: number | null;
  /** LPS millimetres; null without position, orientation or spacing. */
  geometry: ImageGeometry | null;
}

/** One stack the viewer can show: a series, or one of the stacks of a series that holds several (e.g. one axial block per disc). */
export interface TViewerSeries {
  /** Unique within the study: the Series Instance UID, with `#n` (1-based) when the series was split into stacks. */
  key: string;
  seriesInstanceUid: string;
  /** (0008,103E) Series Description: DICOM text, untrusted, shown as text only. */
  description: string | null;
  /** The Series.plane enum: "SAGITTAL" | "AXIAL" | "CORONAL" | "OBLIQUE" | "UNKNOWN". */
  plane: string;
  /** The Series.weighting enum ("T1" | "T2" | "PD" | "OTHER"), for naming slices. */
  weighting: string;
  /** (0020,0011) Series Number, or null. */
  seriesNumber: number | null;
  /** "stack 2 of 5" when the series holds stacks at several angulations, else "". */
  part: string;
  /** Disc levels assigned to its slices by the reading shown (SLICE_LEVEL), L1-L2 first. */
  levels: TDiscLevel[];
  /** Slices, sorted so that ↑ goes cranial (or by instance number without geometry); each frame of a multi-frame image is one. */
  images: TViewerImage[];
}

export type TSeriesRow = Series & { instances: Instance[] };

/** The instance's own geometry (its first frame's for an enhanced object). */
function geometryOf(i: Instance): ImageGeometry | null {
  const [px, py, pz] = i.imagePositionPatient;
  const o = i.imageOrientationPatient;
  const [sr, sc] = i.pixelSpacing;
  if (px === undefined || py === undefined || pz === undefined || o.length !== 6 || sr === undefined || sc === undefined) return null;
  return {
    imagePositionPatient: [px, py, pz],
    rowCosines: [o[0]!, o[1]!, o[2]!],
    columnCosines: [o[3]!, o[4]!, o[5]!],
    pixelSpacing: [sr, sc],
    rows: i.rows,
    columns: i.columns,
  };
}

/**
 * The slices of one instance: the instance itself, or one per frame of a multi-frame object,
 * each with that frame's geometry from `frameGeometries` (null where unknown).
 */
export function imagesOfInstance(i: Instance, frameGeometries?: ReadonlyArray<ImageGeometry | null>): TViewerImage[] {
  const base = {
    sopInstanceUid: i.sopInstanceUid,
    instanceNumber: i.instanceNumber,
    rows: i.rows,
    columns: i.columns,
    pixelRepresentation: i.pixelRepresentation,
    bitsStored: i.bitsStored,
    photometricInterpretation: i.photometricInterpretation,
    rescaleSlope: i.rescaleSlope,
    rescaleIntercept: i.rescaleIntercept,
    windowCenter: i.windowCenter,
    windowWidth: i.windowWidth,
  };
  if (i.frames <= 1) return [{ key: imageKey(i.sopInstanceUid), ...base, geometry: geometryOf(i) }];
  return Array.from({ length: i.frames }, (_, frameIndex) => ({
    key: imageKey(i.sopInstanceUid, frameIndex),
    frameIndex,
    ...base,
    geometry: frameGeometries?.[frameIndex] ?? (frameIndex === 0 ? geometryOf(i) : null),
  }));
}

/** Unit normal (row × column cosines) of a geometry, LPS. */
function normalOf(g: ImageGeometry): [number, number, number] {
  const [a1, a2, a3] = g.rowCosines;
  const [b1, b2, b3] = g.columnCosines;
  const n: [number, number, number] = [a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1];
  const length = Math.hypot(...n) || 1;
  return [n[0] / length, n[1] / length, n[2] / length];
}

/**
 * Sorts a stack along the patient axis its normal is closest to: axial cranial first (LPS z
 * descending, so that ↑ goes towards the head), sagittal right to left (x ascending), coronal
 * anterior to posterior (y ascending); images without geometry last, by instance number then frame.
 */
export function sortStack(images: TViewerImage[]): TViewerImage[] {
  const byNumber = (a: TViewerImage, b: TViewerImage) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0) || (a.frameIndex ?? 0) - (b.frameIndex ?? 0);
  const ref = images.find((i) => i.geometry)?.geometry;
  if (!ref) return [...images].sort(byNumber);
  const n = normalOf(ref).map(Math.abs);
  const axis = n[2]! >= Math.max(n[0]!, n[1]!) ? 2 : n[0]! >= n[1]! ? 0 : 1;
  const sign = axis === 2 ? -1 : 1;
  const along = (i: TViewerImage) => (i.geometry ? sign * i.geometry.imagePositionPatient[axis]! : Number.POSITIVE_INFINITY);
  return [...images].sort((a, b) => (along(a) === along(b) ? 0 : along(a) - along(b)) || byNumber(a, b));
}

/** Orientations whose normals differ by less than this (as 1 − |cos|) are one stack (≈ 0.8°). */
const SAME_ORIENTATION = 1e-4;

/**
 * Splits one series' slices into stacks of one orientation each (a series acquired as several
 * blocks at different angulations, e.g. one axial block per disc); slices without geometry join
 * the first stack. Stacks are ordered cranial first.
 */
export function splitByOrientation(images: TViewerImage[]): TViewerImage[][] {
  const groups: { normal: [number, number, number]; images: TViewerImage[] }[] = [];
  const loose: TViewerImage[] = [];
  for (const image of images) {
    if (!image.geometry) {
      loose.push(image);
      continue;
    }
    const n = normalOf(image.geometry);
    const group = groups.find((g) => 1 - Math.abs(g.normal[0] * n[0] + g.normal[1] * n[1] + g.normal[2] * n[2]) < SAME_ORIENTATION);
    if (group) group.images.push(image);
    else groups.push({ normal: n, images: [image] });
  }
  if (groups.length === 0) return [loose];
  const top = (list: TViewerImage[]) => Math.max(...list.map((i) => i.geometry?.imagePositionPatient[2] ?? Number.NEGATIVE_INFINITY));
  const stacks = groups.map((g) => g.images).sort((a, b) => top(b) - top(a));
  stacks[0]!.push(...loose);
  return stacks;
}

const PLANE_ORDER = ["SAGITTAL", "AXIAL", "CORONAL", "OBLIQUE", "UNKNOWN"];

/**
 * Every series of a study as the viewer's stacks: one per series, or one per orientation where a
 * series holds several (each such stack with the plane of its own orientation); each with its disc levels from `sliceLevels` (image key → level). Ordered
 * sagittal, axial, coronal, other; by series number within a plane; axial stacks of one plane
 * cranial first.
 *
 * @param frameGeometries per multi-frame SOP Instance UID, each frame's geometry (frame-geometries.ts).
 */
export function viewerSeriesOf(series: TSeriesRow[], sliceLevels: ReadonlyMap<string, TDiscLevel | null>, frameGeometries: ReadonlyMap<string, ReadonlyArray<ImageGeometry | null>> = new Map()): TViewerSeries[] {
  const out: TViewerSeries[] = [];
  for (const s of series) {
    const images = s.instances.flatMap((i) => imagesOfInstance(i, frameGeometries.get(i.sopInstanceUid)));
    const stacks = splitByOrientation(images);
    stacks.forEach((stack, k) => {
      const levels = new Set(stack.map((i) => sliceLevels.get(i.key)).filter((l): l is TDiscLevel => Boolean(l)));
      out.push({
        key: stacks.length > 1 ? `${s.seriesInstanceUid}#${k + 1}` : s.seriesInstanceUid,
        seriesInstanceUid: s.seriesInstanceUid,
        description: s.description,
        // A split series (a localizer's three planes, axial blocks) names each stack's own plane.
        plane: stacks.length > 1 && stack[0]?.geometry ? classifyPlane(stack[0].geometry).toUpperCase() : s.plane,
        weighting: s.weighting,
        seriesNumber: s.seriesNumber,
        part: stacks.length > 1 ? `stack ${k + 1} of ${stacks.length}` : "",
        levels: DISC_LEVELS.filter((l) => levels.has(l)),
        images: sortStack(stack),
      });
    });
  }
  const zTop = (v: TViewerSeries) => v.images[0]?.geometry?.imagePositionPatient[2] ?? 0;
  const rank = (v: TViewerSeries) => { const r = PLANE_ORDER.indexOf(v.plane); return r < 0 ? PLANE_ORDER.length : r; };
  return out.sort((a, b) => rank(a) - rank(b) || (a.plane === "AXIAL" ? zTop(b) - zTop(a) : (a.seriesNumber ?? 1e9) - (b.seriesNumber ?? 1e9)) || a.key.localeCompare(b.key));
}
