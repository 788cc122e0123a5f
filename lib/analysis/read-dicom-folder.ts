import { readdir, readFile, stat } from "node:fs/promises";
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

async function listFiles(root: string, dir = root, out: string[] = []): Promise<string[]> {
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
 * Reads the header of every file under `dir`, recursively. Files that are not DICOM images
 * (notes, JSON, DICOMDIR, broken or hostile files) never stop the run: they are listed in
 * `skippedFiles` with the one-sentence reason lib/dicom gives.
 */
export async function readDicomFolder(dir: string): Promise<{ instances: FolderInstance[]; skippedFiles: SkippedFile[] }> {
  const instances: FolderInstance[] = [];
  const skippedFiles: SkippedFile[] = [];
  for (const file of await listFiles(dir)) {
    const relative = path.relative(dir, file).split(path.sep).join("/");
    try {
      if ((await stat(file)).size === 0) throw new Error("The file is empty.");
      const meta = readInstanceMeta(await readFile(file));
      instances.push({ path: relative, meta });
    } catch (error) {
      const reason = toAppError(error, "INVALID_DICOM").userMessage;
      skippedFiles.push({ path: relative, reason: /^[A-Z_]+$/.test(reason) ? "not a readable DICOM image" : reason });
    }
  }
  return { instances, skippedFiles };
}
