import { createHash } from "node:crypto";
import type { SkippedFile } from "../analysis/read-dicom-folder";
import { parseDicomBytes } from "../dicom/parse-dicom-bytes";
import type { LoadedInstance } from "./sources";

export interface ResolvedCollisions {
  instances: LoadedInstance[];
  /** Copies of an image already read (same SOP Instance UID, same pixel payload). */
  skipped: SkippedFile[];
  /** One sentence per SOP Instance UID held by different images. */
  warnings: string[];
}

/** SHA-256 of the pixel payload: the bytes from the Pixel Data value to the end of the file. */
function pixelPayloadHash(bytes: Buffer): string {
  let start = 0;
  try {
    start = parseDicomBytes(bytes, { headerOnly: true }).dataSet.elements.x7fe00010?.dataOffset ?? 0;
  } catch {
    start = 0; // already read once as an image: a failure here only widens the hash to the whole file
  }
  return createHash("sha256").update(bytes.subarray(start)).digest("hex");
}

/** The key of an image whose SOP Instance UID another image also holds: the UID and its pixel hash. */
export function contentKey(sopInstanceUid: string, hash: string): string {
  return `${sopInstanceUid}#${hash.slice(0, 12)}`;
}

/**
 * Images of a study that share a SOP Instance UID (PS3.3 C.12.1.1.1 says it is unique; exports,
 * anonymisers and re-imports break that). Same pixel payload: the later files are copies, listed
 * as skipped with the file they copy. Different payloads: different images, never merged; each is
 * kept under a content key (`uid#hash`, contentKey) so that levels, decoding and the report name
 * the right one, with a warning naming the files.
 */
export function resolveUidCollisions(loaded: readonly LoadedInstance[]): ResolvedCollisions {
  const bySop = new Map<string, LoadedInstance[]>();
  for (const i of loaded) {
    const list = bySop.get(i.meta.sopInstanceUid);
    if (list) list.push(i);
    else bySop.set(i.meta.sopInstanceUid, [i]);
  }
  const skipped: SkippedFile[] = [];
  const warnings: string[] = [];
  const replaced = new Map<LoadedInstance, LoadedInstance | null>();
  for (const [sop, group] of bySop) {
    if (group.length < 2) continue;
    const firstOfHash = new Map<string, LoadedInstance>();
    for (const instance of group) {
      const hash = pixelPayloadHash(instance.bytes);
      const original = firstOfHash.get(hash);
      if (original) {
        skipped.push({ path: instance.path, reason: `A copy of ${original.path} (same SOP Instance UID and pixels).` });
        replaced.set(instance, null);
      } else firstOfHash.set(hash, instance);
    }
    if (firstOfHash.size < 2) continue;
    for (const [hash, instance] of firstOfHash) replaced.set(instance, { ...instance, meta: { ...instance.meta, sopInstanceUid: contentKey(sop, hash) } });
    const paths = [...firstOfHash.values()].map((i) => i.path);
    warnings.push(`${paths.length} different images share the SOP Instance UID ${sop} (${paths.join(", ")}); they are kept apart, each named by its UID and pixel hash.`);
  }
  const instances = loaded.flatMap((i) => {
    const r = replaced.get(i);
    return r === undefined ? [i] : r === null ? [] : [r];
  });
  return { instances, skipped, warnings };
}
