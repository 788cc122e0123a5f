import { createWriteStream } from "node:fs";
import { mkdtemp, rm, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "../errors/app-error";

export interface UploadLimits {
  /** Largest single file (a zip counts as one file). */
  maxFileBytes: number;
  /** Files in one request; the upload page sends folders in chunks well below this. */
  maxFiles: number;
  /** Bytes in one request, all files together. */
  maxRequestBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: Readonly<UploadLimits> = Object.freeze({
  maxFileBytes: 512 * 1024 * 1024,
  maxFiles: 1000,
  maxRequestBytes: 2 * 1024 * 1024 * 1024,
});

export interface ReceivedUpload {
  /** A private temporary folder holding the files as 000000, 000001.zip, … (never the sent names). */
  dir: string;
  /** Temp path → the name the client sent (a relative path inside the dropped folder). */
  names: Map<string, string>;
  /** Files refused while receiving (over the size limit), with the sent name. */
  refused: Array<{ path: string; reason: string }>;
  /** Removes the temporary folder. */
  dispose: () => Promise<void>;
}

/**
 * Streams a multipart/form-data request (any number of `files` parts) to a temporary folder,
 * one part at a time with backpressure, so memory stays flat whatever the upload's size. Names
 * sent by the client are kept only as labels: files are written under generated names, so a name
 * like `../../etc/passwd` cannot reach the file system.
 */
export async function receiveUpload(request: Request, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): Promise<ReceivedUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) throw new AppError("INVALID_INPUT", { userMessage: "Send the files as multipart/form-data." });
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limits.maxRequestBytes) throw tooLarge(limits);
  if (!request.body) throw new AppError("INVALID_INPUT", { userMessage: "The request has no body." });

  const dir = await mkdtemp(path.join(os.tmpdir(), "discern-upload-"));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const names = new Map<string, string>();
  const refused: ReceivedUpload["refused"] = [];
  try {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { "content-type": contentType }, preservePath: true, limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, parts: limits.maxFiles + 20 } });
    } catch {
      throw new AppError("INVALID_INPUT", { userMessage: "The multipart request is malformed." });
    }
    const body = Readable.fromWeb(request.body as unknown as NodeWebReadableStream<Uint8Array>);
    const writes: Array<Promise<void>> = [];
    let received = 0;
    let count = 0;
    let failure: AppError | null = null;
    parser.on("file", (_field, stream, info) => {
      const sentName = cleanName(info.filename, count);
      // The generated name keeps only a `.zip` extension, which tells the importer to open it.
      const target = path.join(dir, `${String(count).padStart(6, "0")}${/\.zip$/i.test(sentName) ? ".zip" : ""}`);
      count += 1;
      let truncated = false;
      stream.on("limit", () => (truncated = true));
      stream.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > limits.maxRequestBytes && !failure) {
          failure = tooLarge(limits);
          body.destroy(failure);
        }
      });
      writes.push(
        pipeline(stream, createWriteStream(target)).then(async () => {
          if (truncated) {
            await unlink(target);
            refused.push({ path: sentName, reason: `The file is larger than the upload limit of ${limits.maxFileBytes} bytes.` });
          } else names.set(target, sentName);
        }),
      );
    });
    parser.on("filesLimit", () => (failure ??= new AppError("TOO_LARGE", { userMessage: `Send at most ${limits.maxFiles} files per request.` })));
    try {
      await pipeline(body, parser);
      await Promise.all(writes);
    } catch (error) {
      throw failure ?? new AppError("INVALID_INPUT", { userMessage: "The upload was interrupted or is not valid multipart data.", cause: error });
    }
    if (failure) throw failure;
    if (count === 0) throw new AppError("INVALID_INPUT", { userMessage: "The request holds no files." });
    return { dir, names, refused, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function tooLarge(limits: UploadLimits): AppError {
  return new AppError("TOO_LARGE", { userMessage: `The upload is larger than ${limits.maxRequestBytes} bytes; send fewer files at a time.` });
}

/** The sent name as a label: control characters dropped, length capped, never empty. */
function cleanName(name: string | undefined, index: number): string {
  const label = (name ?? "").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 512);
  return label || `file-${index + 1}`;
}
