import { afterUploadChunkImported } from "./after-study-imported";
import { importFiles } from "./import-files";
import type { ImportSummary } from "./import-types";
import { receiveUpload, type UploadLimits } from "./receive-upload";

export interface ImportUploadOptions {
  request: Request;
  actorId: string;
  limits?: UploadLimits;
}

/**
 * POST /api/import: receives a multipart upload (files of a folder, or zips) into a temporary
 * folder, imports it like `discern import` would, reports every file under the name the browser
 * sent, and removes the temporary folder.
 */
export async function importUpload(options: ImportUploadOptions): Promise<ImportSummary> {
  const upload = await receiveUpload(options.request, options.limits);
  try {
    const summary = await importFiles({
      paths: [upload.dir],
      source: "upload",
      actorId: options.actorId,
      afterStudyImported: afterUploadChunkImported,
      displayName: (file) => upload.names.get(file) ?? "(upload)",
    });
    const refused = upload.refused.map((r) => ({ path: r.path, status: "skipped" as const, reason: r.reason }));
    return {
      ...summary,
      counts: { ...summary.counts, files: summary.counts.files + refused.length, skipped: summary.counts.skipped + refused.length },
      files: [...summary.files, ...refused],
    };
  } finally {
    await upload.dispose();
  }
}
