import type { Readable } from "node:stream";

/** What a store says about bytes it holds: the sha256 (hex, lower case) is the key. */
export interface StoredBlob {
  sha256: string;
  size: number;
  /** False when the same bytes were already stored (content addressing: nothing was written). */
  created: boolean;
}

/**
 * A content-addressed store of immutable blobs (original DICOM files, reports). The key is the
 * sha256 of the bytes, so equal bytes are stored once and a blob never changes. There is no
 * delete on purpose: instances, reports and dataset exports point at blobs by hash, and removing
 * one is an administrative job that must first prove nothing refers to it.
 *
 * The local-disk implementation is LocalBlobStore; an S3-compatible one maps the key to an object
 * name (`ab/cd/<sha>`), `put` to a multipart upload under a temporary name plus a copy (or a
 * conditional put), `get` to GetObject and `exists` to HeadObject.
 */
export interface BlobStore {
  /**
   * Stores bytes and returns their hash and size; streams are hashed while they are written.
   * Durable: when it resolves the blob survives a crash (a row may then point at it).
   */
  put(source: Buffer | Readable | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<StoredBlob>;
  /**
   * Stores many blobs whose sha256 the caller computed from these exact bytes (import), durably,
   * without looking for them first (equal bytes may be written again). Resolves once all are on
   * stable storage.
   */
  putMany(items: ReadonlyArray<{ sha256: string; bytes: Uint8Array }>): Promise<void>;
  /** Removes what writers that died mid-write left behind; returns how many files were removed. */
  sweepTemp(): Promise<number>;
  /** The whole blob; NOT_FOUND when absent. */
  get(sha256: string): Promise<Buffer>;
  /** The blob as a stream; NOT_FOUND when absent. */
  getStream(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** Size in bytes, or null when absent. */
  size(sha256: string): Promise<number | null>;
}

export interface PutOptions {
  /**
   * The sha256 the caller already computed from these exact bytes (import hashes every file
   * once). Only for Buffers; an S3 store sends it as x-amz-checksum-sha256 and the server checks.
   */
  sha256?: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}
