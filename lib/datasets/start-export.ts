import path from "node:path";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { logError } from "../log";
import { EXPORT_FORMATS, exportDataset } from "./export-dataset";

export const ZStartExport = z.object({ format: z.enum(EXPORT_FORMATS) });

/** Where the UI's exports are written: DISCERN_EXPORT_ROOT or .data/exports, one folder per export. */
export function exportRoot(): string {
  return path.resolve(process.env.DISCERN_EXPORT_ROOT ?? ".data/exports");
}

/**
 * Starts an export of a frozen version from the UI: a QUEUED DatasetExport row now, the work in
 * the background of this server process (progress in the row, which the page polls). A failure is
 * recorded in the row by exportDataset; nothing is thrown at the requester after the 202.
 */
export async function startDatasetExport(datasetVersionId: string, input: unknown, actorId: string) {
  const { format } = ZStartExport.parse(input);
  const version = await db().datasetVersion.findUnique({ where: { id: datasetVersionId } });
  if (!version) throw new AppError("NOT_FOUND", { userMessage: "This dataset version does not exist." });
  if (!version.frozenAt) throw new AppError("CONFLICT", { userMessage: "Freeze the dataset version before exporting it." });
  const job = await db().$transaction(async (tx) => {
    const row = await tx.datasetExport.create({ data: { datasetVersionId, format, status: "QUEUED", heartbeatAt: new Date() } });
    await recordAudit(tx, { type: "EXPORT_STARTED", actorId, payload: { exportId: row.id, datasetVersionId, format } });
    return row;
  });
  void exportDataset({ datasetVersionId, format, outDir: path.join(exportRoot(), job.id), actorId, exportId: job.id }).catch((error: unknown) => logError("dataset-export", error));
  return job;
}

/** One export's state for the progress bar. */
export async function datasetExportStatus(exportId: string) {
  const job = await db().datasetExport.findUnique({ where: { id: exportId }, select: { id: true, format: true, status: true, progress: true, error: true, summary: true, createdAt: true, finishedAt: true } });
  if (!job) throw new AppError("NOT_FOUND", { userMessage: "This export does not exist." });
  return job;
}
