import type { Stats } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { walkFiles } from "../cli/walk-files";
import type { ImportLimits } from "./import-types";
import { exceedsZipRatio, MAX_ZIP_RATIO, openZip, readZipEntry, scanZip, zipEntries } from "./import-zip";

/** A file found by the scan: on disk, or a zip whose entries are read in turn. */
type TSourceItem = { kind: "file"; path: string; size: number } | { kind: "zip"; path: string; files: number; bytes: number } | { kind: "missing"; path: string; reason: string };

/** One file to import: a name to report, its size and, unless refused, its bytes on demand. */
export interface ImportEntry {
  name: string;
  size: number;
  /** Why this file cannot even be read (it is then reported as skipped). */
  refusal: string | null;
  read: () => Promise<Buffer>;
}

export interface SourceScan {
  items: TSourceItem[];
  filesTotal: number;
  bytesTotal: number;
}

/**
 * Zips are recognised by name: sniffing every file's first bytes cost three more system calls per
 * file (open, read, close) on folders of thousands of DICOM files. A zip without the extension is
 * still refused cleanly, as "not DICOM". The upload route keeps the `.zip` of the name it was sent.
 */
function isZip(file: string): boolean {
  return /\.zip$/i.test(file);
}

/**
 * Lists what an import will read: every file under the given files and folders (recursively),
 * and for each zip the number of files and bytes its central directory claims. Only names and
 * sizes are kept, so ten thousand files cost a few hundred kilobytes here.
 */
export async function scanSources(paths: string[], limits: Pick<ImportLimits, "maxFileBytes" | "maxZipEntries" | "maxZipBytes">): Promise<SourceScan> {
  const items: TSourceItem[] = [];
  let filesTotal = 0;
  let bytesTotal = 0;
  for await (const [file, stated] of statAhead(walkFiles(paths))) {
    let size: number;
    try {
      const info = await stated;
      if (!info.isFile()) {
        items.push({ kind: "missing", path: file, reason: "It is not a regular file." });
        filesTotal += 1;
        continue;
      }
      size = info.size;
    } catch {
      items.push({ kind: "missing", path: file, reason: "The file does not exist or cannot be read." });
      filesTotal += 1;
      continue;
    }
    if (isZip(file)) {
      try {
        const scan = await scanZip(file, limits.maxFileBytes);
        if (scan.files > limits.maxZipEntries) {
          items.push({ kind: "missing", path: file, reason: `The zip holds ${scan.files} files, over the limit of ${limits.maxZipEntries}.` });
        } else if (scan.bytes > limits.maxZipBytes) {
          items.push({ kind: "missing", path: file, reason: `The zip claims ${scan.bytes} uncompressed bytes, over the limit of ${limits.maxZipBytes}.` });
        } else if (exceedsZipRatio(scan.claimedBytes, size)) {
          // Many small entries of zeros pass the per-entry check; the archive as a whole does not.
          items.push({ kind: "missing", path: file, reason: `The zip would inflate ${Math.round(scan.claimedBytes / Math.max(1, size))} times its size (over ${MAX_ZIP_RATIO}), the mark of a decompression bomb, so it was not opened.` });
        } else {
          items.push({ kind: "zip", path: file, files: scan.files, bytes: scan.bytes });
          filesTotal += scan.files;
          bytesTotal += scan.bytes;
          continue;
        }
      } catch {
        items.push({ kind: "missing", path: file, reason: "The zip file is corrupt and cannot be opened." });
      }
      filesTotal += 1;
      continue;
    }
    items.push({ kind: "file", path: file, size });
    filesTotal += 1;
    bytesTotal += size;
  }
  return { items, filesTotal, bytesTotal };
}

/** Stats this many files at once while listing (one stat each; the file system answers in parallel). */
const STAT_AHEAD = 64;

/** Pairs each path with its stat, started up to STAT_AHEAD paths ahead; in the walk's order. */
async function* statAhead(files: AsyncIterable<string>): AsyncGenerator<[string, Promise<Stats>]> {
  const window: Array<[string, Promise<Stats>]> = [];
  for await (const file of files) {
    const stated: Promise<Stats> = stat(file);
    stated.catch(() => undefined);
    window.push([file, stated]);
    if (window.length >= STAT_AHEAD) yield window.shift()!;
  }
  yield* window;
}

/**
 * Yields the files of a scan one by one. Disk files are read when `read` is called; a zip's
 * entry is inflated before it is yielded (a zip can only be read in order), one at a time.
 * `displayName` turns a disk path into the name reported (the upload route strips its temp dir).
 */
export async function* sourceEntries(scan: SourceScan, limits: Pick<ImportLimits, "maxFileBytes">, displayName: (file: string) => string = (f) => f): AsyncGenerator<ImportEntry> {
  for (const item of scan.items) {
    const name = displayName(item.path);
    if (item.kind === "missing") {
      yield { name, size: 0, refusal: item.reason, read: () => Promise.reject(new Error(item.reason)) };
    } else if (item.kind === "file") {
      const refusal = item.size > limits.maxFileBytes ? `The file is ${item.size} bytes, over the limit of ${limits.maxFileBytes} bytes.` : null;
      yield { name, size: item.size, refusal, read: () => readFile(item.path) };
    } else {
      yield* zipSourceEntries(item.path, name, limits.maxFileBytes);
    }
  }
}

async function* zipSourceEntries(file: string, name: string, maxFileBytes: number): AsyncGenerator<ImportEntry> {
  const zip = await openZip(file);
  try {
    for await (const item of zipEntries(zip, maxFileBytes)) {
      // Shown, never used as a path: an unsafe name stays visible as it was.
      const entryName = `${name}/${item.name}`;
      if (item.refusal) {
        const refusal = item.refusal;
        yield { name: entryName, size: item.size, refusal, read: () => Promise.reject(new Error(refusal)) };
        continue;
      }
      let bytes: Buffer | null = null;
      let failure: string | null = null;
      try {
        bytes = await readZipEntry(zip, item);
      } catch {
        failure = "The zip entry is corrupt or its size does not match its header.";
      }
      const data = bytes;
      yield { name: entryName, size: item.size, refusal: failure, read: () => (data ? Promise.resolve(data) : Promise.reject(new Error(failure ?? ""))) };
    }
  } finally {
    zip.close();
  }
}
