import type { ImageGeometry } from "../dicom/types";
import { readInstanceMeta } from "../dicom/read-instance";
import { blobStore } from "../storage";
import type { BlobStore } from "../storage/blob-store";

/** Per stored file (sha256): each frame's geometry. Files are immutable, so entries never go stale. */
const CACHE = new Map<string, ReadonlyArray<ImageGeometry | null>>();
const CACHE_ENTRIES = 256;

/**
 * Each frame's geometry (LPS mm) of the multi-frame instances given, read from their stored
 * files' Per-frame / Shared Functional Groups (PS3.3 C.7.6.16; header only, pixels not decoded)
 * and kept per sha256. The database keeps one geometry per instance, so this is where the viewer
 * learns where frame k lies. A file that cannot be read gives no entry (its frames show without
 * geometry: no reference lines), never an error: the view must open.
 *
 * @returns SOP Instance UID → geometry per frame (0-based; null where the frame's is incomplete).
 */
export async function frameGeometries(instances: ReadonlyArray<{ sopInstanceUid: string; sha256: string; frames: number }>, store: BlobStore = blobStore()): Promise<Map<string, ReadonlyArray<ImageGeometry | null>>> {
  const out = new Map<string, ReadonlyArray<ImageGeometry | null>>();
  for (const i of instances) {
    if (i.frames <= 1) continue;
    let geometries = CACHE.get(i.sha256);
    if (!geometries) {
      try {
        const meta = readInstanceMeta(await store.get(i.sha256));
        geometries = Array.from({ length: i.frames }, (_, k) => meta.perFrame?.[k]?.geometry ?? null);
      } catch {
        continue;
      }
      if (CACHE.size >= CACHE_ENTRIES) CACHE.delete(CACHE.keys().next().value!);
      CACHE.set(i.sha256, geometries);
    }
    out.set(i.sopInstanceUid, geometries);
  }
  return out;
}
