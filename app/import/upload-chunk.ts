import type { PickedFile } from "./read-dropped-files";

/** One file's outcome as POST /api/import reports it (discern.import/v1). */
export interface TUploadOutcome {
  path: string;
  status: "imported" | "already-imported" | "skipped";
  reason?: string;
  seriesDescription?: string | null;
  warnings?: string[];
}

interface TUploadAnswer {
  files: TUploadOutcome[];
}

const CHUNK_FILES = 50;
const CHUNK_BYTES = 64 * 1024 * 1024;

/** Groups files into requests of at most 50 files or 64 MB (a larger file goes alone). */
export function chunkFiles(files: PickedFile[]): PickedFile[][] {
  const chunks: PickedFile[][] = [];
  let current: PickedFile[] = [];
  let bytes = 0;
  for (const f of files) {
    if (current.length > 0 && (current.length >= CHUNK_FILES || bytes + f.file.size > CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += f.file.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Sends one chunk as multipart/form-data through XMLHttpRequest (fetch reports no upload
 * progress). `onSent` gets the bytes of these files sent so far. A refused request resolves with
 * every file of the chunk rejected for the server's sentence, so the other chunks go on.
 */
export function uploadChunk(files: PickedFile[], onSent: (bytes: number) => void): Promise<TUploadOutcome[]> {
  const form = new FormData();
  for (const f of files) form.append("files", f.file, f.name);
  const fileBytes = files.reduce((n, f) => n + f.file.size, 0);
  const rejectAll = (reason: string): TUploadOutcome[] => files.map((f) => ({ path: f.name, status: "skipped", reason }));
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/import");
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onSent(Math.min(fileBytes, (event.loaded / event.total) * fileBytes));
    };
    xhr.onload = () => {
      onSent(fileBytes);
      const body = xhr.response as (TUploadAnswer & { error?: { message?: string } }) | null;
      if (xhr.status === 200 && body && Array.isArray(body.files)) resolve(body.files);
      else resolve(rejectAll(body?.error?.message ?? `The server refused the upload (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => resolve(rejectAll("The upload failed: the server could not be reached."));
    xhr.send(form);
  });
}
