import { writeFile } from "node:fs/promises";
import { db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { REPORT_FORMATS, type TReportFormat } from "../../report/report-formats";
import { storedReport } from "../../report/stored-reports";
import { parseCliArgs } from "../args";
import { EXIT_OK, type CliRun } from "../types";

/**
 * `discern report <studyInstanceUid> --out <file> [--format pdf|sr|fhir]`: writes the signed
 * study's stored report (default PDF): the bytes rendered at signing, never a new rendering. Exit 1 with one sentence when the study is unknown or unsigned.
 */
export const run: CliRun = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, { out: { type: "string" }, format: { type: "string" } });
  if (positionals.length !== 1) throw new AppError("BAD_USAGE", { userMessage: "Give exactly one Study Instance UID." });
  if (!values.out) throw new AppError("BAD_USAGE", { userMessage: "--out <file> is required." });
  const format = (values.format ?? "pdf") as TReportFormat;
  if (!(format in REPORT_FORMATS)) throw new AppError("BAD_USAGE", { userMessage: "--format is pdf, sr or fhir." });
  const study = await db().study.findUnique({ where: { studyInstanceUid: positionals[0]! } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "No study with that Study Instance UID." });
  const report = await storedReport({ studyId: study.id, format });
  await writeFile(values.out, report.bytes);
  io.stdout(`Wrote ${values.out} (${report.bytes.length} bytes, sha256 ${report.sha256}).\n`);
  return EXIT_OK;
};
