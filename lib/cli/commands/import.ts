import { databaseUrl } from "../../config/env";
import { db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { stopBoss } from "../../jobs/queue";
import { afterStudiesImported } from "../../studies/after-study-imported";
import { checkDatabase } from "../../studies/check-database";
import { importFiles } from "../../studies/import-files";
import type { ImportProgress, ImportSummary } from "../../studies/import-types";
import { parseCliArgs } from "../args";
import { EXIT_FAILED, EXIT_OK, type CliRun } from "../types";

const PROGRESS_INTERVAL_MS = 1000;

/**
 * `discern import <path...> [--json]`: imports files, folders and zips into the database named by
 * DATABASE_URL and the blob store under DISCERN_STORAGE_ROOT. Progress goes to stderr; with
 * --json stdout is one discern.import/v1 document. Exit 0 when it ran (bad files are reported,
 * not fatal), 1 when no file could be imported or the database is unreachable, 2 on bad usage.
 */
export const run: CliRun = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, { json: { type: "boolean" } });
  if (positionals.length === 0) throw new AppError("BAD_USAGE", { userMessage: "Give at least one file, folder or zip to import." });
  const client = db();
  try {
    await checkDatabase(client, databaseUrl());
    let last = 0;
    const summary = await importFiles({
      paths: positionals,
      source: "cli",
      afterStudiesImported,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last >= PROGRESS_INTERVAL_MS || p.filesDone === p.filesTotal) {
          last = now;
          io.progress(progressLine(p));
        }
      },
    });
    io.stdout(values.json ? `${JSON.stringify(summary)}\n` : humanSummary(summary));
    if (summary.counts.imported + summary.counts.alreadyImported === 0) {
      io.stderr(`discern import: none of the ${summary.counts.files} file(s) could be imported.\n`);
      return EXIT_FAILED;
    }
    return EXIT_OK;
  } finally {
    await stopBoss();
    await client.$disconnect();
  }
};

function progressLine(p: ImportProgress): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return `import: ${p.filesDone}/${p.filesTotal} files, ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB\n`;
}

function humanSummary(s: ImportSummary): string {
  const lines: string[] = [];
  for (const study of s.studies) {
    lines.push(`study ${safe(study.studyInstanceUid)}: ${study.instancesAdded} new instance(s), ${study.instancesKnown} already imported`);
  }
  for (const file of s.files) if (file.status === "skipped") lines.push(`skipped ${safe(file.path)}: ${safe(file.reason)}`);
  const seconds = (s.elapsedMs / 1000).toFixed(1);
  lines.push(`${s.counts.files} file(s) in ${seconds} s: ${s.counts.imported} imported, ${s.counts.alreadyImported} already imported, ${s.counts.skipped} skipped.`);
  return `${lines.join("\n")}\n`;
}

/** Control characters in names and DICOM text are escaped so that they cannot drive the terminal. */
function safe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
