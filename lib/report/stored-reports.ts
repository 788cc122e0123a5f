import { createHash } from "node:crypto";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { blobStore } from "../storage";
import { finalSignedReading } from "./load-report-data";
import { REPORT_FORMATS, type TReportFormat } from "./report-formats";

export interface TReportDownload {
  reportId: string;
  bytes: Buffer;
  sha256: string;
  contentType: string;
  /** A file name without identifiers: the study's opaque id, the reading and the format. */
  fileName: string;
}

export interface TReportListItem {
  reportId: string;
  format: TReportFormat;
  sha256: string;
  readingId: string;
  role: string;
  readerName: string | null;
  signedAt: string | null;
  amendsId: string | null;
  amendReason: string | null;
  /** Whether this report states the study's current final reading (older ones were amended). */
  current: boolean;
  createdAt: string;
}

/**
 * The stored report of a study (issue 12.3; GET never writes): by id, or the one of the current
 * final signed reading in a format. The bytes are read from the blob store and checked against
 * the recorded sha256. NOT_FOUND for an unknown id, CONFLICT while the study has no final reading.
 */
export async function storedReport(options: { studyId: string; format?: TReportFormat; reportId?: string }): Promise<TReportDownload> {
  let row;
  if (options.reportId) {
    row = await db().report.findFirst({ where: { id: options.reportId, studyId: options.studyId } });
    if (!row) throw new AppError("NOT_FOUND", { userMessage: "This report does not exist." });
  } else {
    const final = await finalSignedReading(db(), options.studyId);
    row = await db().report.findFirst({ where: { readingId: final.id, format: options.format ?? "pdf" }, orderBy: { createdAt: "desc" } });
    if (!row) throw new AppError("CONFLICT", { userMessage: "This study was signed before reports were stored at signing; amend it to produce a stored report." });
  }
  const bytes = await blobStore().get(row.storageKey);
  if (createHash("sha256").update(bytes).digest("hex") !== row.sha256) throw new AppError("INTERNAL", { message: `stored report ${row.id} does not match its sha256` });
  const format = (row.format in REPORT_FORMATS ? row.format : "pdf") as TReportFormat;
  const { contentType, extension } = REPORT_FORMATS[format];
  return { reportId: row.id, bytes, sha256: row.sha256, contentType, fileName: `report-${row.studyId}-${row.readingId}.${extension}` };
}

/** Every stored report of a study, newest first, the current final reading's marked (amended ones stay retrievable). */
export async function listReports(studyId: string): Promise<TReportListItem[]> {
  const study = await db().study.findUnique({ where: { id: studyId }, select: { id: true } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const currentId = await finalSignedReading(db(), studyId).then((r) => r.id, () => null);
  const rows = await db().report.findMany({ where: { studyId }, orderBy: { createdAt: "desc" }, include: { reading: { include: { reader: { select: { name: true } } } } } });
  return rows.map((r) => ({
    reportId: r.id,
    format: r.format as TReportFormat,
    sha256: r.sha256,
    readingId: r.readingId,
    role: r.reading.role,
    readerName: r.reading.reader?.name ?? null,
    signedAt: r.reading.signedAt?.toISOString() ?? null,
    amendsId: r.reading.amendsId,
    amendReason: r.reading.amendReason,
    current: r.readingId === currentId,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** The HTTP response of a stored report (download with a safe file name and its sha256 as ETag). */
export function reportResponse(report: TReportDownload): Response {
  return new Response(new Uint8Array(report.bytes), {
    headers: {
      "Content-Type": report.contentType,
      "Content-Disposition": `attachment; filename="${report.fileName}"`,
      "Cache-Control": "private, no-cache",
      ETag: `"${report.sha256}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
