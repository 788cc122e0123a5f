import { randomBytes } from "node:crypto";

/**
 * A multipart/related response (RFC 2387; PS3.18 8.7.3.3): each part with its own Content-Type,
 * the whole with `type` set to the parts' type. Writing this framing is a few lines; parsing it is
 * what a maintained library does (dicomweb-client on the reading side).
 */
export function multipartRelated(parts: Array<{ bytes: Uint8Array; contentType: string; location?: string }>, type: string): Response {
  const boundary = `discern-${randomBytes(12).toString("hex")}`;
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${part.contentType}\r\n${part.location ? `Content-Location: ${part.location}\r\n` : ""}\r\n`, "latin1"));
    chunks.push(part.bytes);
    chunks.push(Buffer.from("\r\n", "latin1"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, "latin1"));
  return new Response(new Uint8Array(Buffer.concat(chunks)), {
    headers: { "Content-Type": `multipart/related; type="${type}"; boundary=${boundary}`, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}

/** A DICOM JSON answer (application/dicom+json), never cached by shared caches. */
export function dicomJson(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/dicom+json", "Cache-Control": "private, no-store" } });
}
