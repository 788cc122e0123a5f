import { readFile, stat } from "node:fs/promises";
import { isAppError } from "../errors/app-error";
import { resolveLimits, type DicomLimits } from "./limits";
import { pixelHash } from "./pixel-hash";
import { readInstance } from "./read-instance";

/** One line of `discern inspect --json`. Fields the file did not yield are null. */
export interface InspectRecord {
  path: string;
  ok: boolean;
  error: string | null;
  sopInstanceUid: string | null;
  transferSyntaxUid: string | null;
  rows: number | null;
  columns: number | null;
  frames: number | null;
  samplesPerPixel: number | null;
  pixelHash: string | null;
}

/**
 * Reads, decodes and hashes one file; never throws. Anything that goes wrong (unreadable file,
 * not DICOM, corrupt pixels, a codec failure, even an unexpected bug) becomes `ok: false` with
 * one sentence in `error`, keeping whatever the header had already told.
 */
export async function inspectFile(path: string, limits?: Partial<DicomLimits>): Promise<InspectRecord> {
  const record: InspectRecord = {
    path,
    ok: false,
    error: null,
    sopInstanceUid: null,
    transferSyntaxUid: null,
    rows: null,
    columns: null,
    frames: null,
    samplesPerPixel: null,
    pixelHash: null,
  };
  try {
    const { maxFileBytes } = resolveLimits(limits);
    const info = await stat(path);
    if (!info.isFile()) return { ...record, error: "Not a regular file." };
    if (info.size > maxFileBytes) return { ...record, error: `The file is ${info.size} bytes, over the limit of ${maxFileBytes} bytes.` };
    const instance = readInstance(await readFile(path), { limits, allowMissingStudyUids: true });
    const { meta } = instance;
    Object.assign(record, {
      sopInstanceUid: meta.sopInstanceUid,
      transferSyntaxUid: meta.transferSyntaxUid,
      rows: meta.rows,
      columns: meta.columns,
      frames: meta.frames,
      samplesPerPixel: meta.samplesPerPixel,
    });
    record.pixelHash = await pixelHash(instance);
    record.ok = true;
  } catch (error) {
    record.error = describe(error);
  }
  return record;
}

function describe(error: unknown): string {
  if (isAppError(error)) return error.userMessage;
  const code = error && typeof error === "object" && "code" in error ? String((error as { code: unknown }).code) : undefined;
  if (code === "ENOENT") return "No such file or folder.";
  if (code === "EACCES" || code === "EPERM") return "The file cannot be read (permission denied).";
  if (code === "EISDIR") return "Not a regular file.";
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error while reading the file: ${message.split("\n")[0]}`;
}
