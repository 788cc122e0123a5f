import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { blobStore } from "../storage";
import { buildFhir } from "./build-fhir";
import { buildPdf } from "./build-pdf";
import { buildSr } from "./build-sr";
import { loadReportData } from "./load-report-data";
import { renderKeyImages } from "./render-key-images";

export const REPORT_FORMATS = {
  pdf: { contentType: "application/pdf", extension: "pdf" },
  sr: { contentType: "application/dicom", extension: "sr.dcm" },
  fhir: { contentType: "application/fhir+json", extension: "fhir.json" },
} as const;
export type TReportFormat = keyof typeof REPORT_FORMATS;

export interface GenerateReportOptions {
  studyId: string;
  format: TReportFormat;
  /** Who asked (audit); null for the CLI run without a user. */
  actorId: string | null;
}

export interface TGeneratedReport {
  reportId: string;
  bytes: Uint8Array;
  sha256: string;
  contentType: string;
  /** A file name without identifiers: the study's opaque id and the format. */
  fileName: string;
}

/**
 * Writes the report of a signed study in one format (PDF, DICOM SR, FHIR R4 JSON) from its final
 * signed reading, stores the bytes in the content-addressed blob store, and records a Report row
 * and REPORT_GENERATED in one transaction. Unsigned study: CONFLICT (409) from loadReportData.
 */
export async function generateReport(options: GenerateReportOptions): Promise<TGeneratedReport> {
  const data = await loadReportData(options.studyId);
  let bytes: Uint8Array;
  if (options.format === "pdf") {
    const instances = await db().instance.findMany({ where: { series: { studyId: options.studyId } }, select: { sopInstanceUid: true, sha256: true } });
    const sha = new Map(instances.map((i) => [i.sopInstanceUid, i.sha256]));
    const images = await renderKeyImages(data, async (uid) => {
      const key = sha.get(uid);
      return key ? blobStore().get(key) : null;
    });
    bytes = await buildPdf(data, images);
  } else if (options.format === "sr") {
    bytes = buildSr(data);
  } else {
    bytes = new TextEncoder().encode(`${JSON.stringify(buildFhir(data), null, 2)}\n`);
  }
  const stored = await blobStore().put(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const report = await db().$transaction(async (tx) => {
    const row = await tx.report.create({ data: { studyId: data.studyId, readingId: data.reading.id, format: options.format, sha256: stored.sha256, storageKey: stored.sha256 } });
    await recordAudit(tx, { type: "REPORT_GENERATED", actorId: options.actorId, studyId: data.studyId, payload: { reportId: row.id, readingId: data.reading.id, format: options.format } });
    return row;
  });
  const { contentType, extension } = REPORT_FORMATS[options.format];
  return { reportId: report.id, bytes, sha256: stored.sha256, contentType, fileName: `report-${data.studyId}.${extension}` };
}

/** The HTTP response of a generated report (download with a safe file name). */
export function reportResponse(report: TGeneratedReport): Response {
  return new Response(Buffer.from(report.bytes), {
    headers: {
      "Content-Type": report.contentType,
      "Content-Disposition": `attachment; filename="${report.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
