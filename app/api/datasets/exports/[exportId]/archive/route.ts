import { Readable } from "node:stream";
import { apiRoute } from "@/lib/http/api-route";
import { openExportArchive } from "@/lib/datasets";
import { ZIdParam } from "@/lib/review/api-schemas";

/**
 * The zip of a finished export, streamed from the blob store (the download audited). Its sha256
 * goes out before the body: `X-Checksum-SHA256` (hex, as `sha256sum` prints it) and `Repr-Digest`
 * (RFC 9530).
 */
export const GET = apiRoute<{ exportId: string }>("dataset:manage", async ({ user, params }) => {
  const archive = await openExportArchive(ZIdParam.parse(params.exportId), user.id);
  return new Response(Readable.toWeb(archive.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/zip",
      "content-length": String(archive.bytes),
      "content-disposition": `attachment; filename="${archive.fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "x-checksum-sha256": archive.sha256,
      "repr-digest": `sha-256=:${Buffer.from(archive.sha256, "hex").toString("base64")}:`,
      "cache-control": "private, no-store",
    },
  });
});
