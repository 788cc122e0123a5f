import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { isAppError } from "../errors/app-error";
import { walkFiles } from "../cli/walk-files";
import { addCounts, emptyCounts, type TDeidCounts } from "./deidentify-dataset";
import { deidentifyFile, type DeidentifiedFile } from "./deidentify-file";
import type { UidMap } from "./uid-map";
import { verifyDeidentified, type DeidFinding } from "./verify-deidentified";

export interface DeidFolderProblem {
  /** Path relative to its input root (the input's own name when a file was given). */
  path: string;
  status: "unreadable" | "refused" | "failed-verification";
  reason: string;
  findings?: DeidFinding[];
}

export interface DeidFolderSummary {
  files: number;
  written: number;
  counts: TDeidCounts;
  problems: DeidFolderProblem[];
  warnings: { path: string; warning: string }[];
}

/**
 * `<patient pseudonym>/<study UID>/<series UID>/<SOP Instance UID>.dcm`, every part the
 * de-identified value (PS3.15 E.1: the new UIDs; the patient pseudonym of the UID map's secret).
 */
export function outputPathOf(result: Pick<DeidentifiedFile, "pseudonym" | "studyInstanceUid" | "seriesInstanceUid" | "sopInstanceUid">): string[] {
  const safe = (part: string) => part.replace(/[^A-Za-z0-9.-]/g, "_") || "_";
  return [safe(result.pseudonym), safe(result.studyInstanceUid.pseudonym), safe(result.seriesInstanceUid.pseudonym), `${safe(result.sopInstanceUid.pseudonym)}.dcm`];
}

export interface DeidentifyPathsOptions {
  inputs: string[];
  outDir: string;
  uids: UidMap;
  burnedIn?: "refuse" | "flag";
  onFile?: (relativePath: string, done: number) => void;
}

/**
 * `discern deidentify`'s core: every file under the inputs is de-identified into `outDir` at a
 * path built only from pseudonyms (outputPathOf: patient/study/series/instance), never from the
 * source's folder or file names. A file is written only after it passed the verification scan;
 * files that cannot be read, are refused (burned-in text) or fail the scan are reported (by their
 * input path, to the person running the command) and not written.
 */
export async function deidentifyPaths(options: DeidentifyPathsOptions): Promise<DeidFolderSummary> {
  const summary: DeidFolderSummary = { files: 0, written: 0, counts: emptyCounts(), problems: [], warnings: [] };
  const written = new Set<string>();
  for (const input of options.inputs) {
    const root = path.resolve(input);
    const base = path.dirname(root);
    for await (const file of walkFiles([root])) {
      const relative = path.relative(base, path.resolve(file));
      summary.files += 1;
      options.onFile?.(relative, summary.files);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch {
        summary.problems.push({ path: relative, status: "unreadable", reason: "The file could not be read." });
        continue;
      }
      let result;
      try {
        result = deidentifyFile(bytes, { uids: options.uids, burnedIn: options.burnedIn });
      } catch (error) {
        const reason = isAppError(error) ? error.userMessage : "The file is not a readable DICOM Part 10 file.";
        const status = isAppError(error) && error.code === "UNSUPPORTED_DICOM" && /Burned In/.test(error.userMessage) ? "refused" : "unreadable";
        summary.problems.push({ path: relative, status, reason });
        continue;
      }
      const findings = verifyDeidentified(result.bytes, result.identifiers);
      if (findings.length > 0) {
        summary.problems.push({ path: relative, status: "failed-verification", reason: "An identifier remained after de-identification.", findings });
        continue;
      }
      // Named only by pseudonyms: source folder and file names carry patient names and IDs in real exports.
      let target = path.join(options.outDir, ...outputPathOf(result));
      // Two input files with one SOP Instance UID are never merged: the later one gets a suffix.
      for (let k = 2; written.has(target); k++) target = path.join(options.outDir, ...outputPathOf(result).slice(0, 3), `${outputPathOf(result)[3]!.replace(/\.dcm$/, "")}-${k}.dcm`);
      if (target !== path.join(options.outDir, ...outputPathOf(result))) {
        summary.warnings.push({ path: relative, warning: "Another input file has the same SOP Instance UID; this one was written with a suffix, not over it." });
      }
      written.add(target);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, result.bytes);
      summary.written += 1;
      addCounts(summary.counts, result.counts);
      for (const warning of result.warnings) summary.warnings.push({ path: relative, warning });
    }
  }
  return summary;
}
