import type { TViewerImage } from "@/lib/review/study-view";
import { frameUrl } from "./first-frames";

/** A decoded frame in modality units (rescale applied), row by row, x = column. */
export interface TFrame {
  rows: number;
  columns: number;
  values: Float32Array;
  min: number;
  max: number;
  invert: boolean;
}

export interface TWindow {
  center: number;
  width: number;
}

/**
 * Fetches every frame of a study once (raw 16-bit stored values from
 * /api/instances/<uid>/frames/<frame>, little-endian, signedness in X-Signed) and windows them on the
 * client into canvases, so that scrolling and window/level never wait for the server. Falls back
 * to the server's PNG rendering when a raw frame cannot be used.
 */
export class FrameCache {
  private readonly frames = new Map<string, TFrame>();
  private readonly pending = new Map<string, Promise<TFrame>>();
  private readonly rendered = new Map<string, { key: string; canvas: HTMLCanvasElement }>();
  private readonly listeners = new Set<(uid: string) => void>();

  /** The decoded frame of an image, by its key (TViewerImage.key: the UID, with `[frame]` for a frame of a multi-frame image). */
  get(uid: string): TFrame | undefined {
    return this.frames.get(uid);
  }

  onLoad(listener: (uid: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  load(image: TViewerImage): Promise<TFrame> {
    const known = this.frames.get(image.key);
    if (known) return Promise.resolve(known);
    let promise = this.pending.get(image.key);
    if (!promise) {
      promise = fetchFrame(image).then((frame) => {
        this.frames.set(image.key, frame);
        this.pending.delete(image.key);
        for (const l of this.listeners) l(image.key);
        return frame;
      });
      promise.catch(() => this.pending.delete(image.key));
      this.pending.set(image.key, promise);
    }
    return promise;
  }

  /** Loads images in the given order, `concurrency` at a time (first ones first). */
  async prefetch(images: TViewerImage[], concurrency = 6): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < images.length) {
        const image = images[next++]!;
        await this.load(image).catch(() => undefined);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, images.length) }, worker));
  }

  /**
   * Windows loaded frames ahead of time, one per idle period (requestIdleCallback, else a 0 ms
   * timeout), so that scrolling finds their canvases ready; frames not loaded are skipped.
   * `wanted` is asked just before each one (false: skip it, e.g. it is on screen now, or the reader
   * has set a window of their own).
   */
  prerender(items: Array<{ key: string; window: TWindow }>, wanted: (key: string) => boolean = () => true): void {
    const queue = [...items];
    const idle = (fn: () => void) => (typeof requestIdleCallback === "function" ? requestIdleCallback(fn, { timeout: 500 }) : setTimeout(fn, 0));
    const step = () => {
      const item = queue.shift();
      if (!item) return;
      if (this.frames.has(item.key) && wanted(item.key)) this.render(item.key, item.window);
      idle(step);
    };
    idle(step);
  }

  /** The frame windowed to 8 bits on a canvas; cached per frame for the last window used. */
  render(uid: string, window: TWindow): HTMLCanvasElement | null {
    const frame = this.frames.get(uid);
    if (!frame) return null;
    const key = `${window.center}:${window.width}`;
    const cached = this.rendered.get(uid);
    if (cached && cached.key === key) return cached.canvas;
    const canvas = cached?.canvas ?? document.createElement("canvas");
    canvas.width = frame.columns;
    canvas.height = frame.rows;
    const context = canvas.getContext("2d");
    if (!context) return null;
    const image = context.createImageData(frame.columns, frame.rows);
    windowInto(frame, window, image.data);
    context.putImageData(image, 0, 0);
    this.rendered.set(uid, { key, canvas });
    return canvas;
  }
}

/** The linear VOI window of PS3.3 C.11.2.1.2 into RGBA bytes (MONOCHROME1 inverted). */
export function windowInto(frame: TFrame, window: TWindow, out: Uint8ClampedArray): void {
  const c = window.center - 0.5;
  const w = Math.max(window.width - 1, 1e-6);
  const k = 255 / w;
  const offset = (0.5 - c / w) * 255;
  const { values, invert } = frame;
  for (let i = 0, o = 0; i < values.length; i++, o += 4) {
    let y = values[i]! * k + offset;
    y = y < 0 ? 0 : y > 255 ? 255 : y;
    if (invert) y = 255 - y;
    out[o] = y;
    out[o + 1] = y;
    out[o + 2] = y;
    out[o + 3] = 255;
  }
}

/** The image's own window, else one spanning the frame's values. */
export function defaultWindow(image: TViewerImage, frame: TFrame | undefined): TWindow {
  if (image.windowCenter !== null && image.windowWidth !== null && image.windowWidth > 0) return { center: image.windowCenter, width: image.windowWidth };
  if (!frame) return { center: 500, width: 1000 };
  return { center: (frame.max + frame.min) / 2, width: Math.max(1, frame.max - frame.min) };
}

async function fetchFrame(image: TViewerImage): Promise<TFrame> {
  const response = await fetch(frameUrl(image));
  if (!response.ok) throw new Error(`frame ${response.status}`);
  const buffer = await response.arrayBuffer();
  const rows = Number(response.headers.get("X-Rows") ?? image.rows);
  const columns = Number(response.headers.get("X-Columns") ?? image.columns);
  const contentType = response.headers.get("Content-Type") ?? "";
  if (contentType.includes("png") || buffer.byteLength !== rows * columns * 2) return fetchPngFrame(image);
  const signed = (response.headers.get("X-Signed") ?? String(image.pixelRepresentation)) === "1";
  const slope = Number(response.headers.get("X-Rescale-Slope") ?? image.rescaleSlope);
  const intercept = Number(response.headers.get("X-Rescale-Intercept") ?? image.rescaleIntercept);
  const photometric = response.headers.get("X-Photometric") ?? image.photometricInterpretation;
  const raw = signed ? new Int16Array(buffer) : new Uint16Array(buffer);
  const values = new Float32Array(raw.length);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]! * slope + intercept;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { rows, columns, values, min, max, invert: photometric === "MONOCHROME1" };
}

async function fetchPngFrame(image: TViewerImage): Promise<TFrame> {
  const response = await fetch(`${frameUrl(image)}?format=png`);
  if (!response.ok) throw new Error(`frame ${response.status}`);
  const bitmap = await createImageBitmap(await response.blob());
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext("2d")!;
  context.drawImage(bitmap, 0, 0);
  const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const values = new Float32Array(bitmap.width * bitmap.height);
  for (let i = 0; i < values.length; i++) values[i] = rgba[i * 4]!;
  return { rows: bitmap.height, columns: bitmap.width, values, min: 0, max: 255, invert: false };
}
