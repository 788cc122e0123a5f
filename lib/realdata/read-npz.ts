import { buffer as readStream } from "node:stream/consumers";
import path from "node:path";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { AppError } from "../errors/app-error";
import { parseNpy, type NpyArray } from "./npy";

/** Largest array read from an archive (a 512³ uint16 volume is 256 MiB; the real exams are ≤ 4 MiB). */
const MAX_ARRAY_BYTES = 256 * 1024 * 1024;

/** Every entry of an open zip (lazyEntries), in archive order. */
function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on("entry", (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", reject);
    zip.readEntry();
  });
}

/**
 * Reads a NumPy `.npz` archive (a zip of `.npy` files, stored or deflated, as `numpy.savez` /
 * `savez_compressed` write it) with yauzl and returns its arrays by name without the `.npy`
 * suffix (`image`, `labels`). Entries that are not `.npy` files are ignored. Label volumes
 * compress more than 100:1, so the upload path's zip-bomb ratio rule (lib/studies/import-zip) is not
 * applied; each entry's declared size is capped instead (MAX_ARRAY_BYTES, checked while inflating).
 *
 * @throws AppError INVALID_INPUT when the file is not a readable zip or an array is malformed
 *   (the message names the file, never its contents).
 */
export async function readNpz(file: string): Promise<Map<string, NpyArray>> {
  const label = path.basename(file);
  const unreadable = (cause: unknown) => new AppError("INVALID_INPUT", { userMessage: `${label} is not a readable .npz (zip) archive.`, cause });
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }).catch((cause: unknown) => {
    throw unreadable(cause);
  });
  const arrays = new Map<string, NpyArray>();
  try {
    for (const entry of await listEntries(zip)) {
      if (!entry.fileName.endsWith(".npy")) continue;
      if (entry.uncompressedSize > MAX_ARRAY_BYTES) {
        throw new AppError("INVALID_INPUT", { userMessage: `${label}: ${entry.fileName} is ${entry.uncompressedSize} bytes, over the ${MAX_ARRAY_BYTES}-byte limit per array.` });
      }
      const bytes = await readStream(await zip.openReadStreamPromise(entry));
      arrays.set(entry.fileName.slice(0, -".npy".length), parseNpy(bytes, `${label}:${entry.fileName}`));
    }
  } catch (cause) {
    throw cause instanceof AppError ? cause : unreadable(cause);
  } finally {
    zip.close();
  }
  return arrays;
}
