import { buffer as readStream } from "node:stream/consumers";
import path from "node:path";
import { AppError } from "../errors/app-error";
import { openZip, zipEntries } from "../studies/import-zip";
import { parseNpy, type NpyArray } from "./npy";

/** Largest array read from an archive (a 512³ uint16 volume is 256 MiB; the real exams are ≤ 4 MiB). */
const MAX_ARRAY_BYTES = 256 * 1024 * 1024;

/**
 * Reads a NumPy `.npz` archive (a zip of `.npy` files, stored or deflated, as `numpy.savez` /
 * `savez_compressed` write it) with yauzl and returns its arrays by name without the `.npy`
 * suffix (`image`, `labels`). Entries that are not `.npy` files are ignored.
 *
 * @throws AppError INVALID_INPUT when the file is not a readable zip or an array is malformed
 *   (the message names the file, never its contents).
 */
export async function readNpz(file: string): Promise<Map<string, NpyArray>> {
  const label = path.basename(file);
  const zip = await openZip(file).catch((cause: unknown) => {
    throw new AppError("INVALID_INPUT", { userMessage: `${label} is not a readable .npz (zip) archive.`, cause });
  });
  const arrays = new Map<string, NpyArray>();
  try {
    for await (const item of zipEntries(zip, MAX_ARRAY_BYTES)) {
      if (!item.name.endsWith(".npy")) continue;
      if (item.refusal) throw new AppError("INVALID_INPUT", { userMessage: `${label}: ${item.name}: ${item.refusal}` });
      const bytes = await readStream(await zip.openReadStreamPromise(item.entry));
      arrays.set(item.name.slice(0, -".npy".length), parseNpy(bytes, `${label}:${item.name}`));
    }
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw new AppError("INVALID_INPUT", { userMessage: `${label} is not a readable .npz (zip) archive.`, cause });
  } finally {
    zip.close();
  }
  return arrays;
}
