import type { DecodedFrame } from "./decode-frame";
import type { InstanceMeta } from "./types";

/** A VOI linear window in modality units (after rescale), e.g. Hounsfield units for CT. */
export interface VoiWindow {
  center: number;
  width: number;
}

/** Modality LUT (PS3.3 C.11.1): stored value → modality value by Rescale Slope and Intercept. */
export function applyModalityLut(stored: number, meta: Pick<InstanceMeta, "rescaleSlope" | "rescaleIntercept">): number {
  return stored * meta.rescaleSlope + meta.rescaleIntercept;
}

/** Lowest and highest modality values of a frame (samples of a monochrome frame). */
export function modalityRange(frame: Pick<DecodedFrame, "pixels">, meta: Pick<InstanceMeta, "rescaleSlope" | "rescaleIntercept">): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of frame.pixels) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min > max) return [0, 0];
  const a = applyModalityLut(min, meta);
  const b = applyModalityLut(max, meta);
  return a <= b ? [a, b] : [b, a];
}

/**
 * The window to show a frame with when the reader has not chosen one: the file's first Window
 * Center/Width when present, else the full range of the frame's modality values.
 */
export function defaultWindow(meta: Pick<InstanceMeta, "windowCenter" | "windowWidth" | "rescaleSlope" | "rescaleIntercept">, frame?: Pick<DecodedFrame, "pixels">): VoiWindow {
  if (meta.windowCenter !== undefined && meta.windowWidth !== undefined && meta.windowWidth > 0) {
    return { center: meta.windowCenter, width: meta.windowWidth };
  }
  if (!frame) return { center: 0, width: 1 };
  const [min, max] = modalityRange(frame, meta);
  return { center: (min + max) / 2, width: Math.max(1, max - min) };
}
