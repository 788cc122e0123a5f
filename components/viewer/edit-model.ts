import type { TEffectiveAnnotation } from "@/lib/annotations/effective-annotations";
import type { TAnnotationData, TAnnotationKind, TSliceLevelData, TVertebraBoxData } from "@/lib/annotations/schemas";
import { assignLevel, boxCenterToPatient, planeNormal, type LabelledVertebra } from "@/lib/geometry";
import { imageKey } from "@/lib/geometry/series-images";
import type { TViewerImage } from "@/lib/review/study-view";
import { changedSliceLevels } from "@/lib/viewer/slice-level-diff";

/** "KIND\0key": one annotated thing. */
export type TItemId = string;
export const itemId = (kind: TAnnotationKind, key: string): TItemId => `${kind}\u0000${key}`;
export const splitItemId = (id: TItemId): { kind: TAnnotationKind; key: string } => {
  const [kind, key] = id.split("\u0000");
  return { kind: kind as TAnnotationKind, key: key ?? "" };
};

/** What the user wants a thing to be: its data, or null for deleted. */
export type TDesired = TAnnotationData | null;

/** One undoable step: for each thing changed, its value before and after. */
export type TEditStep = Map<TItemId, { before: TDesired; after: TDesired }>;

/** The value shown: a local unsaved value wins over the server's head. */
export function shownValue(id: TItemId, server: Map<TItemId, TEffectiveAnnotation>, local: Map<TItemId, TDesired>): TDesired {
  if (local.has(id)) return local.get(id) ?? null;
  const head = server.get(id);
  return head && !head.deleted ? head.data : null;
}

export function sameValue(a: TDesired, b: TDesired): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The image key (lib/geometry imageKey) an annotation's data names: its SOP Instance UID, with `[frame]` for a frame. */
export function dataImageKey(data: { sopInstanceUid: string; frameIndex?: number }): string {
  return imageKey(data.sopInstanceUid, data.frameIndex);
}

/** `sopInstanceUid` and, for a frame of a multi-frame image, `frameIndex`: how annotation data names an image. */
export function imageRef(image: TViewerImage): { sopInstanceUid: string; frameIndex?: number } {
  return image.frameIndex === undefined ? { sopInstanceUid: image.sopInstanceUid } : { sopInstanceUid: image.sopInstanceUid, frameIndex: image.frameIndex };
}

/**
 * The slice levels implied by the vertebra boxes shown, for every axial image: the same
 * lib/geometry code as the server's analysis (box centre → patient point; the paper's level rule).
 * Returns only the slices whose level or flags change (lib/viewer/slice-level-diff): a nudge
 * that merely moves distances records nothing (issue 17).
 *
 * @param images by image key (TViewerImage.key)
 * @param current the level shown now for an image key
 */
export function recomputeSliceLevels(
  boxes: TVertebraBoxData[],
  images: Map<string, TViewerImage>,
  axial: TViewerImage[],
  current: (imageKey: string) => TSliceLevelData | null,
): TSliceLevelData[] {
  const vertebrae: LabelledVertebra[] = [];
  for (const b of boxes) {
    const geometry = images.get(dataImageKey(b))?.geometry;
    if (geometry) vertebrae.push({ label: b.label, centerPatient: boxCenterToPatient(geometry, b.box) });
  }
  const changed: TSliceLevelData[] = [];
  for (const image of axial) {
    if (!image.geometry) continue;
    const a = assignLevel(image.geometry.imagePositionPatient, planeNormal(image.geometry), vertebrae);
    const next: TSliceLevelData = { ...imageRef(image), level: a.level, distanceMm: a.distanceMm === null ? null : Math.round(a.distanceMm * 100) / 100, flags: a.flags };
    // One at a time: changedSliceLevels looks slices up by UID, and frames share theirs.
    changed.push(...changedSliceLevels([next], () => current(image.key)));
  }
  return changed;
}

/** The vertebra box with its centre recomputed in patient space (LPS mm) from its image's geometry. */
export function withCenter(box: TVertebraBoxData, images: Map<string, TViewerImage>): TVertebraBoxData {
  const geometry = images.get(dataImageKey(box))?.geometry;
  const { centerPatient: _old, ...rest } = box;
  if (!geometry) return rest;
  const c = boxCenterToPatient(geometry, box.box);
  return { ...rest, centerPatient: [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100, Math.round(c[2] * 100) / 100] };
}
