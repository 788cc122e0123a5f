import { createHash } from "node:crypto";
import { readInstanceMeta } from "../dicom/read-instance";
import type { DicomLimits } from "../dicom/limits";
import type { InstanceMeta } from "../dicom/types";
import { isAppError } from "../errors/app-error";

/** A file read and validated, ready to be stored and indexed. */
export interface PreparedInstance {
  name: string;
  meta: InstanceMeta;
  sha256: string;
  size: number;
  bytes: Buffer;
}

export type TPrepareResult = { ok: true; instance: PreparedInstance } | { ok: false; name: string; reason: string };

/**
 * Reads the header of one file (lib/dicom: size, pixel-length and nesting limits included) and
 * hashes its bytes. A file that is not an importable DICOM image gives the one-sentence reason
 * lib/dicom wrote; anything unexpected gives a generic sentence (the cause is not shown, it may
 * quote file content).
 */
export function prepareInstance(name: string, bytes: Buffer, limits: Partial<DicomLimits>): TPrepareResult {
  let meta: InstanceMeta;
  try {
    meta = readInstanceMeta(bytes, { limits });
  } catch (error) {
    return { ok: false, name, reason: isAppError(error) ? error.userMessage : "The file could not be read as DICOM." };
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { ok: true, instance: { name, meta, sha256, size: bytes.length, bytes } };
}
