import { db } from "../../db/client";
import { createDatasetVersion, EXPORT_FORMATS, exportDataset, freezeDatasetVersion, type TExportFormat } from "../../datasets";
import { AppError } from "../../errors/app-error";
import { parseCliArgs } from "../args";
import { EXIT_OK, type CliRun } from "../types";

/**
 * `discern export --format <coco|classification|dicom> --out <dir> [--dataset <name>]`: exports
 * the newest frozen version of the named dataset; without --dataset, a new frozen version of
 * "all-signed" (every signed study, final labels, seed 42) created in the first admin's name.
 */
export const run: CliRun = async (argv, io) => {
  const { values, positionals } = parseCliArgs(argv, { format: { type: "string" }, out: { type: "string" }, dataset: { type: "string" } }, false);
  if (positionals.length > 0) throw new AppError("BAD_USAGE", { userMessage: `Unexpected argument "${positionals[0]}".` });
  const format = values.format as TExportFormat | undefined;
  if (!format || !EXPORT_FORMATS.includes(format)) throw new AppError("BAD_USAGE", { userMessage: "--format is coco, classification or dicom." });
  if (!values.out) throw new AppError("BAD_USAGE", { userMessage: "--out <dir> is required." });
  let versionId: string;
  if (values.dataset) {
    const version = await db().datasetVersion.findFirst({ where: { name: values.dataset, frozenAt: { not: null } }, orderBy: { version: "desc" } });
    if (!version) throw new AppError("NOT_FOUND", { userMessage: `No frozen version of a dataset named "${values.dataset}".` });
    versionId = version.id;
  } else {
    const admin = await db().user.findFirst({ where: { role: "ADMIN", disabled: false }, orderBy: { createdAt: "asc" } });
    if (!admin) throw new AppError("CONFLICT", { userMessage: "Create an admin user first (discern user): dataset versions are created in a user's name." });
    const studies = await db().study.findMany({ where: { reviewState: "SIGNED" }, select: { id: true } });
    if (studies.length === 0) throw new AppError("CONFLICT", { userMessage: "No signed studies to export." });
    const created = await createDatasetVersion({ name: "all-signed", labelSource: "FINAL", studyIds: studies.map((s) => s.id), splitSeed: 42, splitFractions: { train: 0.7, val: 0.15, test: 0.15 } }, admin.id);
    await freezeDatasetVersion(created.id, admin.id);
    versionId = created.id;
  }
  const done = await exportDataset({ datasetVersionId: versionId, format, outDir: values.out, actorId: null });
  io.stdout(`Exported ${format} to ${values.out}: ${JSON.stringify(done.summary)}\n`);
  return EXIT_OK;
};
