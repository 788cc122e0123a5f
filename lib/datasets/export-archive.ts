import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { ZipFile } from "yazl";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { blobStore } from "../storage";

/** The zip of a finished export, as kept in DatasetExport.summary.archive. */
export const ZExportArchive = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  fileName: z.string().min(1),
  files: z.number().int().nonnegative(),
});
export type TExportArchive = z.infer<typeof ZExportArchive>;

/** Fixed entry time: the same export folder always gives the same zip bytes, hence the same sha256. */
const ENTRY_TIME = new Date(Date.UTC(2000, 0, 1));
/** Already-compressed formats are stored, everything else deflated. */
const STORED = new Set([".png", ".zip", ".gz"]);

/**
 * Zips an export folder (yazl, streamed: nothing held in memory) under `<root>/` into the
 * content-addressed blob store, so the download is served from one immutable blob whose sha256
 * is known before the first byte goes out. Entries are sorted, dated 2000-01-01 and carry no
 * owner, so the archive of the same files is byte-identical from one run to the next.
 */
export async function archiveExportFolder(dir: string, root: string): Promise<TExportArchive> {
  const files = await listFiles(dir);
  const zip = new ZipFile();
  for (const file of files) {
    const relative = path.relative(dir, file).split(path.sep).join("/");
    zip.addFile(file, `${root}/${relative}`, { mtime: ENTRY_TIME, mode: 0o100644, compress: !STORED.has(path.extname(file).toLowerCase()) });
  }
  zip.end();
  const stored = await blobStore().put(zip.outputStream as Readable);
  return { sha256: stored.sha256, bytes: stored.size, fileName: `${root}.zip`, files: files.length };
}

/**
 * The stored zip of a finished export for download: its stream, checksum and file name; the
 * download is audited (EXPORT_DOWNLOADED, with the actor) before the first byte goes out.
 * NOT_FOUND for an unknown export; CONFLICT while it is not DONE or when it finished before
 * exports were archived (export it again).
 */
export async function openExportArchive(exportId: string, actorId: string): Promise<TExportArchive & { stream: Readable }> {
  const job = await db().datasetExport.findUnique({ where: { id: exportId }, select: { status: true, summary: true } });
  if (!job) throw new AppError("NOT_FOUND", { userMessage: "This export does not exist." });
  if (job.status !== "DONE") throw new AppError("CONFLICT", { userMessage: "This export has not finished; download it when it is done." });
  const parsed = ZExportArchive.safeParse((job.summary as { archive?: unknown } | null)?.archive);
  if (!parsed.success) throw new AppError("CONFLICT", { userMessage: "This export has no archive; export the version again to download it." });
  const stream = await blobStore().getStream(parsed.data.sha256);
  await recordAudit(db(), { type: "EXPORT_DOWNLOADED", actorId, payload: { exportId, sha256: parsed.data.sha256, bytes: parsed.data.bytes } });
  return { ...parsed.data, stream };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => {
      const full = path.join(dir, e.name);
      return e.isDirectory() ? listFiles(full) : Promise.resolve(e.isFile() ? [full] : []);
    }),
  );
  return nested.flat().sort();
}
