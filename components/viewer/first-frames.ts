import type { TStudyView, TViewerImage } from "@/lib/review/study-view";
import { initialLayout } from "@/lib/viewer/hanging-protocol";

/** The URL of an image's raw frame (app/api/instances/…/frames): one spelling, so that the page's preload and the frame cache's fetch hit the same cache entry. */
export function frameUrl(image: Pick<TViewerImage, "sopInstanceUid" | "frameIndex">): string {
  return `/api/instances/${encodeURIComponent(image.sopInstanceUid)}/frames/${image.frameIndex ?? 0}`;
}

/**
 * The slice a stack opens on: the mid-sagittal slice where the stack holds it, else the middle one
 * (0-based index; use-layout.ts keeps the reader's position per stack after that).
 */
export function openingIndex(images: ReadonlyArray<Pick<TViewerImage, "key">>, midSagittalKey: string | null): number {
  const mid = images.findIndex((i) => i.key === midSagittalKey);
  return mid >= 0 ? mid : Math.floor((images.length - 1) / 2);
}

/**
 * The images the two panes open on under the hanging protocol without remembered preferences
 * (lib/viewer/hanging-protocol initialLayout): the study page preloads their frames so that they
 * are on their way while the viewer's scripts load. A reader whose remembered layout opens another
 * series only wastes one preloaded frame.
 */
export function openingImages(view: Pick<TStudyView, "series" | "sagittal" | "axial" | "midSagittalUid">): TViewerImage[] {
  const layout = initialLayout({ series: view.series, sagittal: view.sagittal?.key ?? null, currentAxial: view.axial[Math.floor((view.axial.length - 1) / 2)]?.key ?? null, prefs: {} });
  return [layout.left, layout.right].flatMap((key) => {
    const images = view.series.find((s) => s.key === key)?.images ?? [];
    const image = images[openingIndex(images, view.midSagittalUid)];
    return image ? [image] : [];
  });
}
