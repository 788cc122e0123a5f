import { NextRequest } from "next/server";
import { AppError } from "../errors/app-error";

/** Largest JSON body of an API route (a reading's edits are a few kB; 1 MiB leaves room). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/** Largest body of the login endpoint (an email, a password, a CSRF token: well under 1 kB). */
export const MAX_LOGIN_BODY_BYTES = 16 * 1024;

/** True for a request whose body streams to its own limits (multipart uploads, lib/studies). */
export function isStreamedUpload(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("TOO_LARGE", { userMessage: `The request body is larger than ${maxBytes} bytes.` });
}

/**
 * Reads a request's body, refusing it (TOO_LARGE, 413) as soon as it passes `maxBytes`: first by
 * its Content-Length, then while streaming (chunked bodies declare none), cancelling the stream so
 * no more than `maxBytes` plus one chunk is ever held. Returns the bytes read.
 */
export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The request with its body read under the limit and re-attached, so that handlers (and
 * next-auth) read it as usual. Requests without a body (GET, HEAD) and multipart uploads, which
 * stream to disk under their own limits, pass through untouched. The copy is a NextRequest, as
 * the app router hands out (next-auth reads `nextUrl`).
 */
export async function withBodyLimit(request: Request, maxBytes: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD" || !request.body || isStreamedUpload(request)) return request;
  const body = await readBodyWithLimit(request, maxBytes);
  return new NextRequest(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}
