import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { readInstanceMeta } from "../dicom/read-instance";
import type { InstanceMeta } from "../dicom/types";
import { toAppError } from "../errors/app-error";

export interface FolderInstance {
  /** Path relative to the folder, with forward slashes. */
  path: string;
  meta: InstanceMeta;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

/** Every regular file under `dir`, recursively, in name order (absolute paths). */
export async function listFiles(root: string, dir = root, out: string[] = []): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await listFiles(root, full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * Reads the header of one file's bytes: the instance, or why it is skipped (not a DICOM image,
 * broken, hostile) as the one-sentence reason lib/dicom gives. Never throws.
 */
export function readDicomHeader(relative: string, bytes: Buffer): { instance: FolderInstance } | { skipped: SkippedFile } {
  try {
    if (bytes.length === 0) throw new Error("The file is empty.");
    return { instance: { path: relative, meta: readInstanceMeta(bytes) } };
  } catch (error) {
    const reason = toAppError(error, "INVALID_DICOM").userMessage;
    return { skipped: { path: relative, reason: /^[A-Z_]+$/.test(reason) ? "not a readable DICOM image" : reason } };
  }
}

/**
 * Reads the header of every file under `dir`, recursively. Files that are not DICOM images
 * (notes, JSON, DICOMDIR, broken or hostile files) never stop the run: they are listed in
 * `skippedFiles` with the one-sentence reason lib/dicom gives.
 */
export async function readDicomFolder(dir: string): Promise<{ instances: FolderInstance[]; skippedFiles: SkippedFile[] }> {
  const instances: FolderInstance[] = [];
  const skippedFiles: SkippedFile[] = [];
  for (const file of await listFiles(dir)) {
    const relative = path.relative(dir, file).split(path.sep).join("/");
    const bytes = await readFile(file).catch(() => null);
    if (!bytes) {
      skippedFiles.push({ path: relative, reason: "The file cannot be read." });
      continue;
    }
    const result = readDicomHeader(relative, bytes);
    if ("instance" in result) instances.push(result.instance);
    else skippedFiles.push(result.skipped);
  }
  return { instances, skippedFiles };
}
