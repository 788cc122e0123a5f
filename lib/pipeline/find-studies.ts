import { readDicomFolder, type SkippedFile } from "../analysis/read-dicom-folder";

/** One study found in a folder: its Study Instance UID and its files (relative, forward slashes). */
export interface FoundStudy {
  studyInstanceUid: string;
  files: string[];
}

/**
 * The studies under a folder (read recursively, headers only), grouped by Study Instance UID in
 * the order their first file comes by name; files that are not DICOM images are listed apart.
 * A file without a Study Instance UID is never readable as an image (lib/dicom refuses it), so
 * every instance belongs to exactly one study.
 */
export async function findStudies(dir: string): Promise<{ studies: FoundStudy[]; skippedFiles: SkippedFile[] }> {
  const { instances, skippedFiles } = await readDicomFolder(dir);
  const byStudy = new Map<string, string[]>();
  for (const i of instances) {
    const list = byStudy.get(i.meta.studyInstanceUid);
    if (list) list.push(i.path);
    else byStudy.set(i.meta.studyInstanceUid, [i.path]);
  }
  return { studies: [...byStudy].map(([studyInstanceUid, files]) => ({ studyInstanceUid, files })), skippedFiles };
}
