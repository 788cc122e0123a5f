import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";

/** One entry of a zip as the import sees it: a name to report and a way to read it. */
export interface ZipEntryItem {
  name: string;
  /** As the central directory claims it (yauzl checks the real size while inflating). */
  size: number;
  /** Why the entry is not read at all (unsafe name, nested zip, too large), or null. */
  refusal: string | null;
  entry: Entry;
}

export interface ZipScan {
  files: number;
  /** Uncompressed bytes of the entries that will be read. */
  bytes: number;
  /** Uncompressed bytes every entry claims, refused ones included (for the archive's ratio). */
  claimedBytes: number;
}

/**
 * Opens a zip without letting yauzl decode names, so that one entry with an unsafe name (absolute,
 * `..`) is refused alone instead of failing the whole archive. Names are never used as paths on
 * disk: entries are read into memory one at a time.
 */
export function openZip(file: string): Promise<ZipFile> {
  return yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
}

function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer; // decodeStrings: false gives Buffers
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
}

/**
 * Most uncompressed bytes per compressed byte of a zip entry (and of a whole archive). DICOM
 * images deflate 2–10×, rarely 50×; zeros deflate ~1030×, the mark of a decompression bomb.
 * Entries under ZIP_RATIO_FREE_BYTES are exempt (a small header-only file may compress well).
 */
export const MAX_ZIP_RATIO = 100;
export const ZIP_RATIO_FREE_BYTES = 1024 * 1024;

/** Whether `uncompressed` bytes stored in `compressed` bytes compress suspiciously well. */
export function exceedsZipRatio(uncompressed: number, compressed: number): boolean {
  return uncompressed > ZIP_RATIO_FREE_BYTES && uncompressed > Math.max(1, compressed) * MAX_ZIP_RATIO;
}

function refusalOf(name: string, entry: Entry, maxFileBytes: number): string | null {
  if (yauzl.validateFileName(name) !== null) return "The zip entry's name is an absolute path or climbs out of the archive, so it was not read.";
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) return "The zip entry is encrypted.";
  if (/\.zip$/i.test(name)) return "A zip inside a zip is not opened.";
  if (entry.uncompressedSize > maxFileBytes) return `The zip entry is ${entry.uncompressedSize} bytes, over the limit of ${maxFileBytes} bytes per file.`;
  // Declared sizes are enforced while inflating (validateEntrySizes), so the ratio cannot be faked.
  if (exceedsZipRatio(entry.uncompressedSize, entry.compressedSize)) {
    return `The zip entry would inflate ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times its compressed size (over ${MAX_ZIP_RATIO}), the mark of a decompression bomb, so it was not read.`;
  }
  return null;
}

/** Yields the file entries (not folders) of an open zip, in archive order. */
export async function* zipEntries(zip: ZipFile, maxFileBytes: number): AsyncGenerator<ZipEntryItem> {
  const queue: Array<Entry | null | Error> = [];
  let wake: (() => void) | null = null;
  const push = (item: Entry | null | Error) => {
    queue.push(item);
    wake?.();
  };
  zip.on("entry", (entry: Entry) => push(entry));
  zip.on("end", () => push(null));
  zip.on("error", (error: Error) => push(error));
  zip.readEntry();
  for (;;) {
    if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    const item = queue.shift();
    if (item === undefined) continue;
    if (item === null) return;
    if (item instanceof Error) throw item;
    const name = entryName(item);
    if (!name.endsWith("/")) yield { name, size: item.uncompressedSize, refusal: refusalOf(name, item, maxFileBytes), entry: item };
    zip.readEntry();
  }
}

/** Counts the files of a zip and the bytes they claim, from its central directory only. */
export async function scanZip(file: string, maxFileBytes: number): Promise<ZipScan> {
  const zip = await openZip(file);
  try {
    let files = 0;
    let bytes = 0;
    let claimedBytes = 0;
    for await (const item of zipEntries(zip, maxFileBytes)) {
      files += 1;
      claimedBytes += item.size;
      if (!item.refusal) bytes += item.size;
    }
    return { files, bytes, claimedBytes };
  } finally {
    zip.close();
  }
}

/** Reads one entry into memory; its size is known and capped before this is called. */
export async function readZipEntry(zip: ZipFile, item: ZipEntryItem): Promise<Buffer> {
  const stream: Readable = await zip.openReadStreamPromise(item.entry);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    // validateEntrySizes already stops a stream that outgrows its declared size; this is the belt.
    if (total > item.size) {
      stream.destroy();
      throw new Error("The zip entry inflates past the size its header declares.");
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}
