import { AppError } from "../../errors/app-error";
import { inspectFile, type InspectRecord } from "../../dicom/inspect-file";
import { transferSyntaxInfo } from "../../dicom/transfer-syntax";
import { parseCliArgs } from "../args";
import { EXIT_OK, type CliRun } from "../types";
import { walkFiles } from "../walk-files";

/**
 * `discern inspect <path...> [--json]`: reads, decodes and hashes each DICOM file under the paths,
 * one at a time, and reports every file, readable or not. Exit 0 whenever it ran.
 */
export const run: CliRun = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, { json: { type: "boolean" } });
  if (positionals.length === 0) throw new AppError("BAD_USAGE", { userMessage: "Give at least one file or folder to inspect." });
  let total = 0;
  let good = 0;
  if (!values.json) io.stdout(`${"STATUS".padEnd(6)}  ${"FRAMES".padStart(6)}  ${"SIZE".padEnd(11)}  ${"TRANSFER SYNTAX".padEnd(30)}  PATH\n`);
  for await (const file of walkFiles(positionals)) {
    const record = await inspectFile(file);
    total += 1;
    if (record.ok) good += 1;
    io.stdout(values.json ? `${JSON.stringify(record)}\n` : tableLine(record));
  }
  if (!values.json) io.stdout(`\n${total} file(s): ${good} readable image(s), ${total - good} not.\n`);
  return EXIT_OK;
};

function tableLine(r: InspectRecord): string {
  const size = r.rows !== null && r.columns !== null ? `${r.columns}×${r.rows}${r.samplesPerPixel === 3 ? "×3" : ""}` : "-";
  const syntax = r.transferSyntaxUid ? (transferSyntaxInfo(r.transferSyntaxUid)?.name ?? r.transferSyntaxUid) : "-";
  // The path and error are printed as plain text; control characters are escaped so that a file
  // name cannot move the cursor or rewrite the terminal.
  const line = `${(r.ok ? "ok" : "FAIL").padEnd(6)}  ${String(r.frames ?? "-").padStart(6)}  ${size.padEnd(11)}  ${clip(syntax, 30).padEnd(30)}  ${safe(r.path)}`;
  return r.ok ? `${line}\n` : `${line}\n        ${safe(r.error ?? "")}\n`;
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function safe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
