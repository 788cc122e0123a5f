import { classifyPlane } from "../dicom/classify-plane";
import { classifyWeighting } from "../dicom/classify-weighting";
import type { ImageGeometry, InstanceMeta, TImagePlane, TSeriesWeighting } from "../dicom/types";
import { planeNormal } from "./plane-normal";

export type SeriesInstance = Pick<
  InstanceMeta,
  "studyInstanceUid" | "seriesInstanceUid" | "sopInstanceUid" | "seriesNumber" | "seriesDescription" | "echoTime" | "repetitionTime" | "imageType" | "geometry"
>;

export interface IgnoredSeries {
  seriesInstanceUid: string;
  reason: string;
}

export interface SeriesSelection {
  /** The study analysed: the one with the most images when a folder holds several. */
  studyInstanceUid: string | null;
  /** The sagittal T2 series (vertebra detection and the mid-sagittal image), or null. */
  sagittal: string | null;
  /** Axial T2 series in the sagittal's frame of reference, by series number. */
  axial: string[];
  ignored: IgnoredSeries[];
}

export interface SelectSeriesOptions {
  /** Plane of one image; defaults to lib/dicom's 45° cone classification. */
  planeOf?: (instance: SeriesInstance) => TImagePlane | null;
  /** Weighting of a series from one of its images; defaults to lib/dicom's classifyWeighting. */
  weightingOf?: (instance: SeriesInstance) => TSeriesWeighting;
}

/**
 * classifyPlane (45° cones), except that a plane tilted up to 60° from true axial about the
 * left–right axis still counts as axial: axial stacks follow the discs, and a steep L5–S1 disc
 * (sacral slope 45–55°) takes its stack past the 45° cone towards coronal. True coronal lumbar
 * series lie far inside 30° of coronal, so the two do not meet.
 */
export function spinePlane(geometry: Pick<ImageGeometry, "rowCosines" | "columnCosines">): TImagePlane {
  const plane = classifyPlane(geometry);
  if (plane === "axial" || plane === "sagittal") return plane;
  const n = planeNormal(geometry);
  return Math.abs(n[2]) >= 0.5 && Math.abs(n[0]) < 0.5 ? "axial" : plane;
}

const LOCALISER_WORDS = /(^|[^a-z])(loc|locali[sz]er|scout|survey|3[- ]?plane|tri[- ]?pilot|aahscout)([^a-z]|$)/i;

/**
 * Picks the series the paper's pipeline reads: the sagittal T2 (the largest one when there are
 * several) and every axial T2 series sharing its frame of reference. Everything else is listed in
 * `ignored` with the reason a reader would give: localisers (IMAGE TYPE or name), series mixing
 * planes, T1/PD/other weightings, coronal or oblique planes, another frame of reference, images
 * without geometry. Pure: works on headers, in the browser too.
 */
export function selectSeries(instances: readonly SeriesInstance[], options: SelectSeriesOptions = {}): SeriesSelection {
  const planeOf = options.planeOf ?? ((i: SeriesInstance) => (i.geometry ? spinePlane(i.geometry) : null));
  const weightingOf = options.weightingOf ?? classifyWeighting;
  const ignored: IgnoredSeries[] = [];

  const studies = new Map<string, number>();
  for (const i of instances) studies.set(i.studyInstanceUid, (studies.get(i.studyInstanceUid) ?? 0) + 1);
  const studyInstanceUid = [...studies].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;

  const bySeries = new Map<string, SeriesInstance[]>();
  for (const i of instances) {
    const list = bySeries.get(i.seriesInstanceUid) ?? [];
    list.push(i);
    bySeries.set(i.seriesInstanceUid, list);
  }
  const sagittal: { uid: string; images: SeriesInstance[] }[] = [];
  const axial: { uid: string; images: SeriesInstance[] }[] = [];
  for (const [uid, images] of bySeries) {
    const first = images[0]!;
    const ignore = (reason: string) => ignored.push({ seriesInstanceUid: uid, reason });
    if (first.studyInstanceUid !== studyInstanceUid) {
      ignore("belongs to another study in the folder");
      continue;
    }
    if (images.some((i) => i.imageType?.some((t) => t.toUpperCase() === "LOCALIZER")) || LOCALISER_WORDS.test(first.seriesDescription ?? "")) {
      ignore("localiser");
      continue;
    }
    if (images.some((i) => !i.geometry)) {
      ignore("images without position, orientation or spacing");
      continue;
    }
    const planes = new Set(images.map(planeOf));
    if (planes.size > 1) {
      ignore(`mixes ${[...planes].join(" and ")} planes`);
      continue;
    }
    const plane = [...planes][0];
    const weighting = weightingOf(first);
    if (weighting !== "T2") {
      ignore(weighting === "other" ? "not T2-weighted" : `${weighting}-weighted, not T2`);
      continue;
    }
    if (plane === "sagittal") sagittal.push({ uid, images });
    else if (plane === "axial") axial.push({ uid, images });
    else ignore(`${plane ?? "unknown"} plane`);
  }

  sagittal.sort((a, b) => b.images.length - a.images.length || seriesNumberOf(a.images) - seriesNumberOf(b.images) || a.uid.localeCompare(b.uid));
  const chosen = sagittal[0] ?? null;
  for (const other of sagittal.slice(1)) ignored.push({ seriesInstanceUid: other.uid, reason: "another sagittal T2 series (the largest is used)" });
  const frame = chosen?.images[0]?.geometry?.frameOfReferenceUid;
  const keptAxial: typeof axial = [];
  for (const a of axial) {
    const axialFrame = a.images[0]?.geometry?.frameOfReferenceUid;
    if (frame && axialFrame && axialFrame !== frame) ignored.push({ seriesInstanceUid: a.uid, reason: "different frame of reference from the sagittal series" });
    else keptAxial.push(a);
  }
  keptAxial.sort((a, b) => seriesNumberOf(a.images) - seriesNumberOf(b.images) || a.uid.localeCompare(b.uid));
  return { studyInstanceUid, sagittal: chosen?.uid ?? null, axial: keptAxial.map((a) => a.uid), ignored };
}

function seriesNumberOf(images: SeriesInstance[]): number {
  return images[0]?.seriesNumber ?? Number.MAX_SAFE_INTEGER;
}
