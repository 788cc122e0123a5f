import type { TLengthData } from "@/lib/annotations/schemas";
import { formatMm, pixelLengthMm } from "@/lib/findings";
import type { TDiscLevel } from "@/lib/phantom/truth";
import type { TViewerImage } from "@/lib/review/study-view";
import type { Point2 } from "@/lib/dicom/types";
import type { TLineOverlay } from "./image-pane";

export type TLengthPurpose = TLengthData["purpose"];

/** The measure mode after the M key: off → herniation AP depth → canal AP diameter → off. */
export function nextMeasureMode(mode: TLengthPurpose | null): TLengthPurpose | null {
  return mode === null ? "herniation-ap" : mode === "herniation-ap" ? "canal-ap" : null;
}

/**
 * A LENGTH annotation from a drag on an axial image (points in image pixels, rounded to 0.1 px),
 * its mm from the image's Pixel Spacing (pixelLengthMm, PS3.3 C.7.6.2.1.1). Null when the image
 * has no Pixel Spacing (no mm can be stated) or the segment is shorter than 2 px.
 */
export function lengthFromDrag(image: TViewerImage, a: Point2, b: Point2, purpose: TLengthPurpose, level: TDiscLevel | null, id: string): TLengthData | null {
  const spacing = image.geometry?.pixelSpacing;
  if (!spacing || Math.hypot(b[0] - a[0], b[1] - a[1]) < 2) return null;
  const r = (v: number) => Math.round(v * 10) / 10;
  const points: TLengthData["points"] = [[r(a[0]), r(a[1])], [r(b[0]), r(b[1])]];
  const mm = pixelLengthMm(points[0], points[1], spacing);
  if (!(mm > 0)) return null;
  return { id, sopInstanceUid: image.sopInstanceUid, ...(image.frameIndex === undefined ? {} : { frameIndex: image.frameIndex }), level, purpose, points, lengthMm: Math.round(mm * 100) / 100 };
}

/** The lengths drawn on one image (its TViewerImage.key) as overlay lines (herniation AP yellow, canal AP cyan). */
export function lengthOverlays(lengths: TLengthData[], imageKey: string | undefined): TLineOverlay[] {
  return lengths
    .filter((l) => (l.frameIndex === undefined ? l.sopInstanceUid : `${l.sopInstanceUid}[${l.frameIndex}]`) === imageKey)
    .map((l) => ({ key: `len-${l.id}`, points: l.points, color: l.purpose === "herniation-ap" ? "#ffd400" : "#00e5ff", width: 2 }));
}

/** "AP 9 mm" / "canal AP 11.2 mm": how a length is listed in the level panel. */
export function lengthLabel(l: TLengthData): string {
  return `${l.purpose === "herniation-ap" ? "AP" : "canal AP"} ${formatMm(l.lengthMm)}`;
}
