import { readFile } from "node:fs/promises";
import path from "node:path";
import { listFiles, readDicomHeader, type SkippedFile } from "../analysis/read-dicom-folder";
import type { InstanceMeta } from "../dicom/types";
import { AppError } from "../errors/app-error";
import { resolveUidCollisions } from "./uid-collisions";

/** Files read at once. */
const READ_AHEAD = 16;

/** One file of a study: a path (read when `bytes` is absent) or bytes with a name for messages. */
export interface TStudySource {
  path: string;
  bytes?: Uint8Array;
  /**
   * The file's header facts when they are already known (the worker: from the rows import wrote,
   * lib/jobs/stored-study-sources.ts); the header is then not parsed again. Must describe `bytes`.
   */
  meta?: InstanceMeta;
}

/** A readable DICOM image of the study: its header and its bytes (decoded later, on demand). */
export interface LoadedInstance {
  path: string;
  meta: InstanceMeta;
  bytes: Buffer;
}

export interface LoadedStudy {
  instances: LoadedInstance[];
  skippedFiles: SkippedFile[];
  /** Study-level notes: images that share a SOP Instance UID (see resolveUidCollisions). */
  warnings: string[];
}

/**
 * Reads a study given as a folder (recursively) or as a list of files or byte buffers (the worker
 * passes blobs from storage, with their stored header facts as `meta`). Files that are not DICOM images are listed in `skippedFiles`,
 * never fatal; a folder that does not exist is. Images sharing a SOP Instance UID are resolved by
 * content (resolveUidCollisions): copies skipped, different images kept apart.
 */
export async function loadStudySources(input: string | readonly TStudySource[]): Promise<LoadedStudy> {
  let sources: { relative: string; meta?: InstanceMeta; load: () => Promise<Buffer | null> }[];
  if (typeof input === "string") {
    const files = await listFiles(input).catch((cause: unknown) => {
      throw new AppError("INVALID_INPUT", { userMessage: `Cannot read the folder ${input}.`, cause });
    });
    sources = files.map((file) => ({
      relative: path.relative(input, file).split(path.sep).join("/"),
      load: () => readFile(file).catch(() => null),
    }));
  } else {
    sources = input.map((s) => ({
      relative: s.path,
      ...(s.meta ? { meta: s.meta } : {}),
      load: async () => (s.bytes ? Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength) : readFile(s.path).catch(() => null)),
    }));
  }
  const instances: LoadedInstance[] = [];
  const skippedFiles: SkippedFile[] = [];
  // Reads overlap (a few at a time: a study is tens of files, memory stays bounded); headers are
  // parsed in order so that the output does not depend on I/O timing.
  for (let k = 0; k < sources.length; k += READ_AHEAD) {
    const batch = sources.slice(k, k + READ_AHEAD);
    const bytes = await Promise.all(batch.map((s) => s.load()));
    batch.forEach((source, n) => {
      const b = bytes[n];
      if (!b) {
        skippedFiles.push({ path: source.relative, reason: "The file cannot be read." });
        return;
      }
      if (source.meta) {
        instances.push({ path: source.relative, meta: source.meta, bytes: b });
        return;
      }
      const result = readDicomHeader(source.relative, b);
      if ("instance" in result) instances.push({ ...result.instance, bytes: b });
      else skippedFiles.push(result.skipped);
    });
  }
  const resolved = resolveUidCollisions(instances);
  return { instances: resolved.instances, skippedFiles: [...skippedFiles, ...resolved.skipped], warnings: resolved.warnings };
}
