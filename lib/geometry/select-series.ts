import { classifyPlane } from "../dicom/classify-plane";
import { classifyWeighting } from "../dicom/classify-weighting";
import type { ImageGeometry, TImagePlane, TSeriesWeighting } from "../dicom/types";
import { assembleStacks, type ImageStack, type SetAsideImage } from "./assemble-stacks";
import { planeNormal } from "./plane-normal";
import { imagesOf, type SeriesImage, type SeriesInstance } from "./series-images";

export type { SeriesImage, SeriesInstance } from "./series-images";
export type { ImageStack, SetAsideImage } from "./assemble-stacks";

export interface IgnoredSeries {
  seriesInstanceUid: string;
  reason: string;
}

export interface SeriesSelection<T extends SeriesInstance = SeriesInstance> {
  /** The study analysed: the one with the most images when a folder holds several. */
  studyInstanceUid: string | null;
  /** The sagittal T2 series (vertebra detection and the mid-sagittal image), or null. */
  sagittal: string | null;
  /** Axial T2 series in the sagittal's frame of reference, by series number. */
  axial: string[];
  ignored: IgnoredSeries[];
  /** The images of the chosen sagittal stack (one per frame for an enhanced object). */
  sagittalImages: SeriesImage<T>[];
  /** The images of the kept axial stacks, in stack order then Instance Number and frame. */
  axialImages: SeriesImage<T>[];
  /** Images of the study left out of every stack, each with its reason. */
  setAside: SetAsideImage[];
  /** Study-level notes for the reader: images set aside, series split. */
  warnings: string[];
}

export interface SelectSeriesOptions {
  /** Plane of one image; defaults to lib/dicom's 45° cone classification. */
  planeOf?: (image: Pick<SeriesImage, "geometry">) => TImagePlane | null;
  /** Weighting of a stack from one of its images; defaults to lib/dicom's classifyWeighting. */
  weightingOf?: (image: Pick<SeriesImage, "seriesDescription" | "echoTime" | "repetitionTime">) => TSeriesWeighting;
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

/** Weighting of a stack split out of a multi-echo series: its own TE/TR first (the description names the pair). */
function echoWeighting(image: SeriesImage, weightingOf: NonNullable<SelectSeriesOptions["weightingOf"]>): TSeriesWeighting {
  const byTiming = weightingOf({ echoTime: image.echoTime, repetitionTime: image.repetitionTime });
  return byTiming === "other" ? weightingOf(image) : byTiming;
}

/** "series 2 "T2 TSE SAG"" for messages. */
function seriesName(stack: Pick<ImageStack, "seriesNumber" | "seriesDescription">): string {
  return `series ${stack.seriesNumber ?? "?"}${stack.seriesDescription ? ` "${stack.seriesDescription}"` : ""}`;
}

/** T2 contrast grows towards ~100 ms TE at 1.5–3 T; among equal stacks the closest is preferred. */
const T2_PREFERRED_ECHO_MS = 100;

/**
 * Picks the images the paper's pipeline reads, assembled image by image (assembleStacks): the
 * sagittal T2 stack (the largest when there are several) and every axial T2 stack sharing its
 * frame of reference. Enhanced multi-frame objects count one image per frame. Whole series left
 * out are in `ignored` with the reason a reader would give (localisers by IMAGE TYPE or name,
 * T1/PD/other weightings, coronal or oblique planes, another frame of reference); single images
 * left out of a series (a localizer inside it, no geometry, a stray plane) are in `setAside`, and
 * the rest of their series is used. Pure: works on headers, in the browser too.
 */
export function selectSeries<T extends SeriesInstance>(instances: readonly T[], options: SelectSeriesOptions = {}): SeriesSelection<T> {
  const planeOf = options.planeOf ?? ((i: Pick<SeriesImage, "geometry">) => (i.geometry ? spinePlane(i.geometry) : null));
  const weightingOf = options.weightingOf ?? classifyWeighting;
  const ignored: IgnoredSeries[] = [];
  const warnings: string[] = [];

  const studies = new Map<string, number>();
  for (const i of instances) studies.set(i.studyInstanceUid, (studies.get(i.studyInstanceUid) ?? 0) + 1);
  const studyInstanceUid = [...studies].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;

  const bySeries = new Map<string, SeriesImage<T>[]>();
  for (const instance of instances) {
    const list = bySeries.get(instance.seriesInstanceUid) ?? [];
    list.push(...imagesOf(instance));
    bySeries.set(instance.seriesInstanceUid, list);
  }
  const candidates: SeriesImage<T>[] = [];
  for (const [uid, images] of bySeries) {
    const first = images[0]!;
    const ignore = (reason: string) => ignored.push({ seriesInstanceUid: uid, reason });
    if (first.studyInstanceUid !== studyInstanceUid) ignore("belongs to another study in the folder");
    else if (images.every((i) => i.imageType?.some((t) => t.toUpperCase() === "LOCALIZER")) || LOCALISER_WORDS.test(first.seriesDescription ?? "")) ignore("localiser");
    else if (images.every((i) => !i.geometry)) ignore("images without position, orientation or spacing");
    else candidates.push(...images);
  }
  const { stacks, setAside } = assembleStacks(candidates, (i) => planeOf(i) ?? "oblique");

  const sagittal: ImageStack<T>[] = [];
  const axial: ImageStack<T>[] = [];
  for (const stack of stacks) {
    const ignore = (reason: string) => ignored.push({ seriesInstanceUid: stack.seriesInstanceUids[0]!, reason: stack.part ? `${stack.part}: ${reason}` : reason });
    const first = stack.images[0]!;
    const weighting = stack.splitByEcho ? echoWeighting(first, weightingOf) : weightingOf(first);
    if (weighting !== "T2") ignore(weighting === "other" ? "not T2-weighted" : `${weighting}-weighted, not T2`);
    else if (stack.plane === "sagittal") sagittal.push(stack);
    else if (stack.plane === "axial") axial.push(stack);
    else ignore(`${stack.plane} plane`);
  }

  const echoGap = (s: ImageStack) => Math.abs((s.images[0]?.echoTime ?? 0) - T2_PREFERRED_ECHO_MS);
  sagittal.sort((a, b) => b.images.length - a.images.length || echoGap(a) - echoGap(b) || seriesNumberOf(a) - seriesNumberOf(b) || a.seriesInstanceUids[0]!.localeCompare(b.seriesInstanceUids[0]!));
  const chosen = sagittal[0] ?? null;
  for (const other of sagittal.slice(1)) {
    ignored.push({ seriesInstanceUid: other.seriesInstanceUids[0]!, reason: `${other.part ? `${other.part}: ` : ""}another sagittal T2 series (the largest is used)` });
  }
  const frame = chosen?.images[0]?.geometry?.frameOfReferenceUid;
  const keptAxial: typeof axial = [];
  for (const a of axial) {
    const axialFrame = a.images[0]?.geometry?.frameOfReferenceUid;
    if (frame && axialFrame && axialFrame !== frame) ignored.push({ seriesInstanceUid: a.seriesInstanceUids[0]!, reason: "different frame of reference from the sagittal series" });
    else keptAxial.push(a);
  }
  keptAxial.sort((a, b) => seriesNumberOf(a) - seriesNumberOf(b) || a.seriesInstanceUids[0]!.localeCompare(b.seriesInstanceUids[0]!));
  for (const used of [...(chosen ? [chosen] : []), ...keptAxial].filter((s) => s.splitByEcho)) {
    warnings.push(`${seriesName(used)} holds several echoes; it was split by echo and ${used.part} is read as T2.`);
  }
  const inOrder = (a: SeriesImage<T>, b: SeriesImage<T>) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0) || (a.frameIndex ?? 0) - (b.frameIndex ?? 0);
  if (setAside.length > 0) {
    const reasons = [...new Set(setAside.map((s) => s.reason))].join("; ");
    warnings.unshift(`${setAside.length} image${setAside.length === 1 ? " was" : "s were"} set aside and the rest of ${setAside.length === 1 ? "its series" : "their series"} used (${reasons}).`);
  }
  return {
    studyInstanceUid,
    sagittal: chosen?.seriesInstanceUids[0] ?? null,
    axial: [...new Set(keptAxial.flatMap((a) => a.seriesInstanceUids))],
    ignored,
    sagittalImages: chosen ? [...chosen.images].sort(inOrder) : [],
    axialImages: keptAxial.flatMap((a) => [...a.images].sort(inOrder)),
    setAside,
    warnings,
  };
}

function seriesNumberOf(stack: Pick<ImageStack, "seriesNumber">): number {
  return stack.seriesNumber ?? Number.MAX_SAFE_INTEGER;
}
