import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { link, mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "../errors/app-error";
import { isSha256Hex, type BlobStore, type PutOptions, type StoredBlob } from "./blob-store";

/**
 * Blobs on local disk under `root`, sharded by the first two byte pairs of the hash
 * (`ab/cd/abcd…`) so that no folder grows past a few thousand entries. Writes go to a temporary
 * file in the destination folder (streams, whose hash is known only at the end: in `tmp/`) and are
 * linked into place (atomic on one file system, and never replacing an existing blob): a reader
 * never sees half a blob, and a crash leaves at most a `.tmp-*` file behind.
 */
export class LocalBlobStore implements BlobStore {
  private readonly knownDirs = new Set<string>();

  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!isSha256Hex(sha256)) throw new AppError("INVALID_INPUT", { userMessage: "A storage key must be a sha256 in lower-case hex." });
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: Buffer | Readable | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<StoredBlob> {
    if (Buffer.isBuffer(source)) return this.putBuffer(source, options.sha256 ?? createHash("sha256").update(source).digest("hex"));
    return this.putStream(source);
  }

  /** Bytes in memory: hash known, so an existing blob costs one stat and no write. */
  private async putBuffer(bytes: Buffer, sha256: string): Promise<StoredBlob> {
    const target = this.pathOf(sha256);
    if (await this.exists(sha256)) return { sha256, size: bytes.length, created: false };
    const dir = path.dirname(target);
    await this.ensureDir(dir);
    const temp = path.join(dir, tempName());
    try {
      await writeFile(temp, bytes);
      return { sha256, size: bytes.length, created: await linkOrRename(temp, target) };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** A stream: hashed while written to a staging file (same file system), then moved into place. */
  private async putStream(source: Readable | AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const staging = path.join(this.root, "tmp");
    await this.ensureDir(staging);
    const temp = path.join(staging, tempName());
    const hash = createHash("sha256");
    let size = 0;
    try {
      const counted = async function* (input: AsyncIterable<Uint8Array>) {
        for await (const chunk of input) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      };
      await pipeline(Readable.from(counted(source)), createWriteStream(temp));
      const sha256 = hash.digest("hex");
      const target = this.pathOf(sha256);
      if (await this.exists(sha256)) {
        await unlink(temp);
        return { sha256, size, created: false };
      }
      await this.ensureDir(path.dirname(target));
      return { sha256, size, created: await linkOrRename(temp, target) };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** mkdir -p, remembered: a shard folder is created once per process, not once per blob. */
  private async ensureDir(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.knownDirs.add(dir);
  }

  async get(sha256: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      throw notFoundOr(error, sha256);
    }
  }

  async getStream(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    if (!(await this.exists(sha256))) throw notFoundOr(Object.assign(new Error("ENOENT"), { code: "ENOENT" }), sha256);
    return createReadStream(file);
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== null;
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }
}

/**
 * Moves the temp file into place without ever replacing an existing blob: `link` fails with
 * EEXIST when a concurrent writer of the same bytes won the race (their bytes equal ours).
 */
async function linkOrRename(temp: string, target: string): Promise<boolean> {
  try {
    await link(temp, target);
    await unlink(temp);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      await unlink(temp);
      return false;
    }
    // File systems without hard links: rename is still atomic (it may replace equal bytes).
    if (code === "EPERM" || code === "ENOTSUP" || code === "EXDEV") {
      await rename(temp, target);
      return true;
    }
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function notFoundOr(error: unknown, sha256: string): unknown {
  if (isMissing(error)) return new AppError("NOT_FOUND", { userMessage: "The stored file is missing.", message: `blob ${sha256} is not in the store` });
  return error;
}

function tempName(): string {
  return `.tmp-${process.pid}-${randomBytes(8).toString("hex")}`;
}
