import { recordAudit } from "../audit/record-audit";
import type { TTx } from "../db/client";
import { blobStore } from "../storage";
import { buildFhir } from "./build-fhir";
import { buildPdf } from "./build-pdf";
import { buildSr } from "./build-sr";
import { loadReportData } from "./load-report-data";
import { REPORT_FORMATS, type TReportFormat } from "./report-formats";
import { renderKeyImages } from "./render-key-images";

export interface TStoredReportRef {
  reportId: string;
  format: TReportFormat;
  sha256: string;
}

/**
 * Renders a signed reading's report in every format (PDF, DICOM SR, FHIR R4 JSON) from its frozen
 * snapshot, stores the bytes in the content-addressed blob store and records a Report row (with
 * the sha256) and REPORT_GENERATED per format, inside the signing transaction (issue 12.3: the
 * report is rendered once; downloads return these bytes). Idempotent per reading and format.
 */
export async function renderSignedReports(tx: TTx, options: { studyId: string; readingId: string; actorId: string | null }): Promise<TStoredReportRef[]> {
  const existing = await tx.report.findMany({ where: { readingId: options.readingId } });
  const data = await loadReportData(tx, options.readingId);
  const out: TStoredReportRef[] = [];
  for (const format of Object.keys(REPORT_FORMATS) as TReportFormat[]) {
    const done = existing.find((r) => r.format === format);
    if (done) {
      out.push({ reportId: done.id, format, sha256: done.sha256 });
      continue;
    }
    const bytes = await renderFormat(tx, data, format);
    const stored = await blobStore().put(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const row = await tx.report.create({ data: { studyId: options.studyId, readingId: options.readingId, format, sha256: stored.sha256, storageKey: stored.sha256 } });
    await recordAudit(tx, { type: "REPORT_GENERATED", actorId: options.actorId, studyId: options.studyId, payload: { reportId: row.id, readingId: options.readingId, format, sha256: stored.sha256 } });
    out.push({ reportId: row.id, format, sha256: stored.sha256 });
  }
  return out;
}

async function renderFormat(tx: TTx, data: Awaited<ReturnType<typeof loadReportData>>, format: TReportFormat): Promise<Uint8Array> {
  if (format === "sr") return buildSr(data);
  if (format === "fhir") return new TextEncoder().encode(`${JSON.stringify(buildFhir(data), null, 2)}\n`);
  const instances = await tx.instance.findMany({ where: { series: { studyId: data.studyId } }, select: { sopInstanceUid: true, sha256: true } });
  const sha = new Map(instances.map((i) => [i.sopInstanceUid, i.sha256]));
  const images = await renderKeyImages(data, async (uid) => {
    const key = sha.get(uid);
    return key ? blobStore().get(key) : null;
  });
  return buildPdf(data, images);
}
