import type { TSliceLevelData } from "@/lib/annotations/schemas";
import { referenceLine } from "@/lib/geometry";
import type { TViewerImage, TViewerSeries } from "@/lib/review/study-view";
import { levelColor } from "./colors";
import type { TLineOverlay } from "./image-pane";

/**
 * Reference lines on the left image (image pixels): one per slice of `slices` that cuts it, the
 * slice shown on the right solid white, the others dashed in their level's colour. Keys are image
 * keys, each once (click-to-jump picks them).
 */
export function referenceLines(left: TViewerImage | undefined, slices: TViewerImage[], shown: TViewerImage | undefined, levelOf: (key: string) => TSliceLevelData | null): TLineOverlay[] {
  if (!left?.geometry) return [];
  // By key: the same slice can come twice (the levelled stacks and the right pane's, separate JSON copies).
  const unique = [...new Map(slices.map((i) => [i.key, i])).values()];
  return unique.flatMap((image) => {
    const line = image.geometry && image.key !== left.key ? referenceLine(left.geometry!, image.geometry) : null;
    if (!line) return [];
    const current = image.key === shown?.key;
    return [{ key: image.key, points: line, color: current ? "#ffffff" : levelColor(levelOf(image.key)?.level), width: current ? 2.5 : 1, ...(current ? {} : { dash: [3, 3] }) }];
  });
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
