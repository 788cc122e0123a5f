import type { TImagePlane } from "../dicom/types";
import { planeNormal } from "./plane-normal";
import type { SeriesImage, SeriesInstance } from "./series-images";
import { dot } from "./vec3";

/** A set of images that belong together: one plane, one echo, one stack, one series. */
export interface ImageStack<T extends SeriesInstance = SeriesInstance> {
  /** The Series Instance UIDs of its images (several when a vendor gives every image its own). */
  seriesInstanceUids: string[];
  seriesNumber?: number;
  seriesDescription?: string;
  plane: TImagePlane;
  /** What this stack is within its series when the series was split ("echo 2 (TE 100 ms)"), else "". */
  part: string;
  /** True when the series held several echoes and was split by echo. */
  splitByEcho: boolean;
  images: SeriesImage<T>[];
}

/** An image left out of every stack, with the one sentence a reader would give. */
export interface SetAsideImage {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  frameIndex?: number;
  reason: string;
}

export interface AssembledStacks<T extends SeriesInstance> {
  stacks: ImageStack<T>[];
  setAside: SetAsideImage[];
}

/** A group of images smaller than this, in another plane than the rest of its series, is set aside. */
export const STRAY_PLANE_MAX_IMAGES = 2;

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Two TEs belong to different echoes when they differ by more than this many ms and 10 %. */
export const ECHO_GAP_MS = 2;

/**
 * Echo of an image: Echo Numbers where every image has one; else its TE's cluster (sorted TEs
 * split where neighbours differ by more than ECHO_GAP_MS and 10 %, so that TEs rounded
 * differently slice by slice stay one echo). Null when the images hold one echo.
 */
function echoKey(images: readonly SeriesImage[]): ((i: SeriesImage) => string) | null {
  if (images.every((i) => i.echoNumber !== undefined)) {
    const keyOf = (i: SeriesImage) => `n${i.echoNumber}`;
    return new Set(images.map(keyOf)).size > 1 ? keyOf : null;
  }
  const tes = [...new Set(images.flatMap((i) => (i.echoTime === undefined ? [] : [i.echoTime])))].sort((a, b) => a - b);
  const cluster = new Map<number, number>();
  let start = tes[0];
  for (const [k, te] of tes.entries()) {
    const previous = tes[k - 1];
    if (previous !== undefined && te - previous > Math.max(ECHO_GAP_MS, 0.1 * previous)) start = te;
    cluster.set(te, start!);
  }
  const keyOf = (i: SeriesImage) => (i.echoTime === undefined ? "?" : `t${cluster.get(i.echoTime)}`);
  return new Set(images.map(keyOf)).size > 1 ? keyOf : null;
}

/** True when two images of the list lie at the same position along the stack normal (0.01 mm). */
function repeatsPositions(images: readonly SeriesImage[]): boolean {
  const first = images[0]?.geometry;
  if (!first) return false;
  const n = planeNormal(first);
  const seen = new Set(images.map((i) => Math.round(dot(i.geometry!.imagePositionPatient, n) * 100)));
  return seen.size < images.length;
}

/**
 * Splits one plane's images of a series into stacks: by echo (Echo Numbers, else TE) when the
 * series holds several; then by Stack ID (enhanced MR) or, where positions repeat, by Acquisition
 * Number (one UID holding several acquisitions).
 */
function splitPlane<T extends SeriesInstance>(images: SeriesImage<T>[]): { part: string; byEcho: boolean; images: SeriesImage<T>[] }[] {
  const echo = echoKey(images);
  const byEcho = echo ? [...groupBy(images, echo).values()] : [images];
  return byEcho.flatMap((group) => {
    const first = group[0]!;
    const te = first.echoTime === undefined ? "" : `TE ${r1(first.echoTime)} ms`;
    const echoPart = !echo ? "" : first.echoNumber === undefined ? te : `echo ${first.echoNumber}${te ? ` (${te})` : ""}`;
    let stacks: Map<string, SeriesImage<T>[]> | null = null;
    if (new Set(group.map((i) => i.stackId ?? "")).size > 1) stacks = groupBy(group, (i) => `stack ${i.stackId ?? "?"}`);
    else if (new Set(group.map((i) => i.acquisitionNumber)).size > 1 && repeatsPositions(group)) stacks = groupBy(group, (i) => `acquisition ${i.acquisitionNumber ?? "?"}`);
    if (!stacks) return [{ part: echoPart, byEcho: echo !== null, images: group }];
    return [...stacks].map(([name, list]) => ({ part: [echoPart, name].filter(Boolean).join(", "), byEcho: echo !== null, images: list }));
  });
}

const isLocalizer = (i: SeriesImage) => i.imageType?.some((t) => t.toUpperCase() === "LOCALIZER") ?? false;

/**
 * Builds stacks image by image (not series by series), so that one odd image does not spoil its
 * series: a LOCALIZER image, an image without geometry, or a stray image in another plane (at
 * most STRAY_PLANE_MAX_IMAGES, fewer than the main plane's) is set aside with a reason; the rest
 * are split by plane, echo and stack. Where a vendor gives every image its own Series Instance
 * UID, single-image series sharing a Series Number are grouped back together first.
 *
 * @param planeOf the plane of an image with geometry (the spine-aware classification).
 */
export function assembleStacks<T extends SeriesInstance>(images: readonly SeriesImage<T>[], planeOf: (image: SeriesImage<T>) => TImagePlane): AssembledStacks<T> {
  const setAside: SetAsideImage[] = [];
  const aside = (i: SeriesImage<T>, reason: string) =>
    setAside.push({ sopInstanceUid: i.sopInstanceUid, seriesInstanceUid: i.seriesInstanceUid, ...(i.frameIndex === undefined ? {} : { frameIndex: i.frameIndex }), reason });

  // One instance per Series Instance UID, several such UIDs under one Series Number: one series.
  const byUid = groupBy(images, (i) => i.seriesInstanceUid);
  const singles = [...byUid.values()].filter((g) => new Set(g.map((i) => i.sopInstanceUid)).size === 1 && g[0]!.seriesNumber !== undefined);
  const singlesPerNumber = groupBy(singles, (g) => g[0]!.seriesNumber);
  const seriesKey = (i: SeriesImage<T>) => ((singlesPerNumber.get(i.seriesNumber)?.length ?? 0) > 1 && byUid.get(i.seriesInstanceUid)!.length === 1 ? `#${i.seriesNumber}` : i.seriesInstanceUid);

  const stacks: ImageStack<T>[] = [];
  for (const series of groupBy(images, seriesKey).values()) {
    const first = series[0]!;
    const usable = series.filter((i) => {
      if (isLocalizer(i)) aside(i, "a localizer image (Image Type LOCALIZER) inside the series");
      else if (!i.geometry) aside(i, "the image has no position, orientation or pixel spacing, so it cannot be placed");
      else return true;
      return false;
    });
    const planes = [...groupBy(usable, planeOf)].sort((a, b) => b[1].length - a[1].length);
    const main = planes[0];
    for (const [plane, list] of planes) {
      if (main && plane !== main[0] && list.length <= STRAY_PLANE_MAX_IMAGES && list.length < main[1].length) {
        for (const i of list) aside(i, `a ${plane} image inside a series of ${main[1].length} ${main[0]} images`);
        continue;
      }
      for (const part of splitPlane(list)) {
        stacks.push({
          seriesInstanceUids: [...new Set(part.images.map((i) => i.seriesInstanceUid))],
          seriesNumber: first.seriesNumber,
          seriesDescription: first.seriesDescription,
          plane,
          part: [planes.length > 1 ? plane : "", part.part].filter(Boolean).join(", "),
          splitByEcho: part.byEcho,
          images: part.images,
        });
      }
    }
  }
  return { stacks, setAside };
}
