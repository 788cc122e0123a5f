import { db, type TDb } from "../db/client";
import { encodeGrayPng, rawFrame16, renderFrame8 } from "../dicom/render-frame";
import { AppError, isAppError } from "../errors/app-error";
import { blobStore } from "../storage";
import type { BlobStore } from "../storage/blob-store";
import { ByteLruCache } from "./frame-cache";
import type { DecodedStoredFrame } from "./frame-decode-task";
import { decodeFrameOffThread } from "./frame-decoder-pool";

/** Decoded frames of this process, keyed by `<sha256 of the stored file>:<frame>`. */
const FRAME_CACHE = new ByteLruCache<DecodedStoredFrame>(256 * 1024 * 1024);
/** Frames that cannot be served (too large, corrupt), with their one-sentence error. */
const REFUSALS = new ByteLruCache<AppError>(1024 * 1024);
const IN_FLIGHT = new Map<string, Promise<DecodedStoredFrame>>();

export type TFrameRequest = { format: "raw" } | { format: "png"; window?: { center: number; width: number } };

export interface FrameResponse {
  body: Uint8Array;
  contentType: string;
  /** Strong validator: the stored file's sha256, the frame and the rendering asked for. */
  etag: string;
  headers: Record<string, string>;
}

export interface FrameLookup {
  sopInstanceUid: string;
  /** 0-based frame index. */
  frame: number;
  request: TFrameRequest;
  client?: TDb;
  store?: BlobStore;
}

/**
 * The ETag of a frame rendering without decoding anything, so that a revalidation (If-None-Match)
 * costs one indexed query. NOT_FOUND for an unknown instance or frame.
 */
export async function frameEtag(lookup: FrameLookup): Promise<string> {
  const instance = await findInstance(lookup);
  return etagOf(instance.sha256, lookup.frame, lookup.request);
}

/**
 * One frame of a stored instance, decoded (and kept in a byte-bounded LRU), as either
 * - `raw`: the stored values as 16-bit little-endian integers (signed when X-Signed is 1), rows
 *   × columns, with rescale, default window and photometric interpretation in headers, for the
 *   viewer's client-side window/level: dragging the window never goes back to the server; or
 * - `png`: an 8-bit grayscale PNG windowed on the server (the given window, else the file's
 *   default), for reports, thumbnails and anything that only shows a picture.
 */
export async function getInstanceFrame(lookup: FrameLookup): Promise<FrameResponse> {
  const instance = await findInstance(lookup);
  const { frame, meta } = await decodedFrame(instance, lookup.frame, lookup.store ?? blobStore());
  const etag = etagOf(instance.sha256, lookup.frame, lookup.request);
  if (lookup.request.format === "png") {
    const png = encodeGrayPng(renderFrame8(frame, meta, lookup.request.window), frame.columns, frame.rows);
    return { body: png, contentType: "image/png", etag, headers: { "X-Rows": String(frame.rows), "X-Columns": String(frame.columns) } };
  }
  const raw = rawFrame16(frame, meta);
  return {
    body: littleEndianBytes(raw.pixels),
    contentType: "application/octet-stream",
    etag,
    headers: {
      "X-Rows": String(raw.rows),
      "X-Columns": String(raw.columns),
      "X-Signed": raw.pixels instanceof Int16Array ? "1" : "0",
      "X-Bits-Stored": String(frame.bitsStored),
      "X-Window-Center": String(raw.window.center),
      "X-Window-Width": String(raw.window.width),
      "X-Rescale-Slope": String(raw.rescaleSlope),
      "X-Rescale-Intercept": String(raw.rescaleIntercept),
      "X-Photometric": frame.photometricInterpretation,
    },
  };
}

async function findInstance(lookup: FrameLookup) {
  // Every frame request runs this: a raw statement (a Prisma model query's compilation costs more
  // CPU than the lookup itself under load: bench/load.ts).
  const rows = await (lookup.client ?? db()).$queryRaw<Array<{ sha256: string; frames: number }>>`
    SELECT sha256, frames FROM "Instance" WHERE "sopInstanceUid" = ${lookup.sopInstanceUid}`;
  const instance = rows[0];
  if (!instance) throw new AppError("NOT_FOUND", { userMessage: "No such image." });
  if (lookup.frame >= instance.frames) throw new AppError("NOT_FOUND", { userMessage: `The image has ${instance.frames} frame(s); frames are numbered from 0.` });
  return instance;
}

/**
 * The decoded frame from the cache, or decoded in a worker thread (lib/studies/frame-decoder-pool)
 * and cached. A frame that cannot be decoded (too large, corrupt) is remembered too, so a second
 * view answers the same sentence at once instead of repeating the work. Concurrent requests for
 * the same frame share one decoding.
 */
async function decodedFrame(instance: { sha256: string }, frameIndex: number, store: BlobStore): Promise<DecodedStoredFrame> {
  const key = `${instance.sha256}:${frameIndex}`;
  const cached = FRAME_CACHE.get(key);
  if (cached) return cached;
  const refused = REFUSALS.get(key);
  if (refused) throw refused;
  let pending = IN_FLIGHT.get(key);
  if (!pending) {
    pending = (async () => {
      try {
        const value = await decodeFrameOffThread(await store.get(instance.sha256), frameIndex);
        FRAME_CACHE.set(key, value, value.frame.pixels.byteLength + 256);
        return value;
      } catch (error) {
        if (isAppError(error) && error.status < 500) REFUSALS.set(key, error, 1024);
        throw error;
      } finally {
        IN_FLIGHT.delete(key);
      }
    })();
    IN_FLIGHT.set(key, pending);
  }
  return pending;
}

function etagOf(sha256: string, frame: number, request: TFrameRequest): string {
  const rendering = request.format === "raw" ? "raw" : request.window ? `png-${request.window.center}-${request.window.width}` : "png";
  return `"${sha256.slice(0, 32)}-${frame}-${rendering}"`;
}

/** The bytes of a 16-bit array in little-endian order whatever the host's byte order. */
function littleEndianBytes(pixels: Int16Array | Uint16Array): Uint8Array {
  const bytes = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return bytes;
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1]!;
    swapped[i + 1] = bytes[i]!;
  }
  return swapped;
}

/** Whether an If-None-Match header names this ETag (a list, weak forms or `*`). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}
