import path from "node:path";
import { env } from "../config/env";
import type { BlobStore } from "./blob-store";
import { LocalBlobStore } from "./local-blob-store";

export { isSha256Hex, type BlobStore, type PutOptions, type StoredBlob } from "./blob-store";
export { LocalBlobStore } from "./local-blob-store";

let cached: { root: string; store: BlobStore } | undefined;

/** The process's blob store: local disk under DISCERN_STORAGE_ROOT (default .data/storage). */
export function blobStore(): BlobStore {
  const root = path.resolve(process.env.DISCERN_STORAGE_ROOT ?? env().DISCERN_STORAGE_ROOT);
  if (!cached || cached.root !== root) cached = { root, store: new LocalBlobStore(root) };
  return cached.store;
}
