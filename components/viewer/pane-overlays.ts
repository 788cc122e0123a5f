import type { TSliceLevelData } from "@/lib/annotations/schemas";
import type { Point2 } from "@/lib/dicom/types";
import { referenceLine } from "@/lib/geometry";
import type { TViewerImage, TViewerSeries } from "@/lib/review/study-view";
import { levelColor } from "./colors";
import type { TLineOverlay } from "./image-pane";

/** Where each slice of `slices` cuts the left image (image pixels), by image key, each key once; none for the left image itself or a parallel slice. */
export function referenceSegments(left: TViewerImage | undefined, slices: TViewerImage[]): Array<{ key: string; points: [Point2, Point2] }> {
  if (!left?.geometry) return [];
  // By key: the same slice can come twice (the levelled stacks and the right pane's, separate JSON copies).
  const unique = [...new Map(slices.map((i) => [i.key, i])).values()];
  return unique.flatMap((image) => {
    const line = image.geometry && image.key !== left.key ? referenceLine(left.geometry!, image.geometry) : null;
    return line ? [{ key: image.key, points: line }] : [];
  });
}

const REFERENCE_DASH = [3, 3];

/**
 * The reference lines' look: the slice shown on the right (`shownKey`) solid white, the others
 * dashed in their level's colour. The segments' point tuples are passed through, so that a change
 * of the shown slice alone leaves the other lines' points identical (the pane redraws, konva does
 * not re-set them).
 */
export function styleReferenceLines(segments: Array<{ key: string; points: [Point2, Point2] }>, shownKey: string | undefined, levelOf: (key: string) => TSliceLevelData | null): TLineOverlay[] {
  return segments.map(({ key, points }) => {
    const current = key === shownKey;
    return { key, points, color: current ? "#ffffff" : levelColor(levelOf(key)?.level), width: current ? 2.5 : 1, ...(current ? {} : { dash: REFERENCE_DASH }) };
  });
}

/**
 * Reference lines on the left image (image pixels): one per slice of `slices` that cuts it, the
 * slice shown on the right solid white, the others dashed in their level's colour. Keys are image
 * keys, each once (click-to-jump picks them).
 */
export function referenceLines(left: TViewerImage | undefined, slices: TViewerImage[], shown: TViewerImage | undefined, levelOf: (key: string) => TSliceLevelData | null): TLineOverlay[] {
  return styleReferenceLines(referenceSegments(left, slices), shown?.key, levelOf);
}

/** The left slice's plane on the right image (e.g. the sagittal position on the axial), dashed cyan; none when parallel. */
export function positionLine(right: TViewerImage | undefined, left: TViewerImage | undefined): TLineOverlay[] {
  const line = right?.geometry && left?.geometry && right.key !== left.key ? referenceLine(right.geometry, left.geometry) : null;
  return line ? [{ key: "left-pane-position", points: line, color: "#80deea", width: 1, dash: [6, 4] }] : [];
}

const PLANES: Record<string, string> = { SAGITTAL: "Sagittal", AXIAL: "Axial", CORONAL: "Coronal" };

/**
 * A pane's label: "Axial 3/5 · L4-L5 — T2 T2 TSE TRA 2 #4" (plane, 1-based slice of the stack,
 * a note such as the level or "(mid)", weighting, Series Description as text, series number).
 */
export function paneTitle(s: TViewerSeries | undefined, index: number, note: string): string {
  if (!s) return "No series";
  const weighting = s.weighting !== "OTHER" ? `${s.weighting} ` : "";
  return `${PLANES[s.plane] ?? "Image"} ${index + 1}/${s.images.length}${note} — ${weighting}${s.description ?? ""}${s.seriesNumber !== null ? ` #${s.seriesNumber}` : ""}`;
}
