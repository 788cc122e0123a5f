import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readFile, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "../errors/app-error";
import { isSha256Hex, type BlobStore, type PutOptions, type StoredBlob } from "./blob-store";
import { renameIntoPlace, sweepTempFiles, syncDirs, tempName, writeSynced } from "./durable-file";

/** When this process started (ms since the epoch): temp files older than this are a dead writer's. */
const PROCESS_START_MS = Date.now() - performance.now();

/**
 * Blobs on local disk under `root`, sharded by the first two byte pairs of the hash
 * (`ab/cd/abcd…`) so that no folder grows past a few thousand entries. Every write is durable
 * and atomic (lib/storage/durable-file.ts): the bytes go to `tmp/.tmp-<pid>-…` (same file system),
 * are fsynced, renamed into place, and the shard folder is fsynced before `put` resolves — so a
 * database row committed after `put` never points at a missing or partial blob, even after a power
 * cut. A crash leaves at most a temp file in `tmp/`, removed by `sweepTemp` on the next start.
 */
export class LocalBlobStore implements BlobStore {
  private readonly staging: string;
  private stagingReady: Promise<void> | undefined;

  constructor(readonly root: string) {
    this.staging = path.join(root, "tmp");
  }

  pathOf(sha256: string): string {
    if (!isSha256Hex(sha256)) throw new AppError("INVALID_INPUT", { userMessage: "A storage key must be a sha256 in lower-case hex." });
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: Buffer | Readable | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<StoredBlob> {
    if (Buffer.isBuffer(source)) {
      const sha256 = options.sha256 ?? createHash("sha256").update(source).digest("hex");
      if (await this.exists(sha256)) return { sha256, size: source.length, created: false };
      await this.putMany([{ sha256, bytes: source }]);
      return { sha256, size: source.length, created: true };
    }
    return this.putStream(source);
  }

  /**
   * Stores many blobs whose hashes the caller computed (import), durably, with the fewest system
   * calls: per blob open + write + fsync + close + rename, then one fsync per distinct shard
   * folder; no existence check (a blob already present is replaced by the same bytes, atomically).
   * Resolves once every blob and its name are on stable storage.
   */
  async putMany(items: ReadonlyArray<{ sha256: string; bytes: Uint8Array }>): Promise<void> {
    await this.ready();
    const dirs = await Promise.all(
      items.map(async ({ sha256, bytes }) => {
        const target = this.pathOf(sha256);
        const temp = path.join(this.staging, tempName());
        try {
          await writeSynced(temp, bytes);
          return await renameIntoPlace(temp, target, this.root);
        } catch (error) {
          await unlink(temp).catch(() => undefined);
          throw error;
        }
      }),
    );
    await syncDirs(dirs.flat());
  }

  /**
   * Removes temp files of writers that died (older than this process and not owned by a running
   * process). Import calls it once per process before writing; returns how many were removed.
   */
  async sweepTemp(): Promise<number> {
    return sweepTempFiles(this.staging, PROCESS_START_MS);
  }

  /** A stream: hashed while written to a staging file, fsynced, then renamed into place. */
  private async putStream(source: Readable | AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    await this.ready();
    const temp = path.join(this.staging, tempName());
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
      await pipeline(Readable.from(counted(source)), createWriteStream(temp, { flags: "wx" }));
      const sha256 = hash.digest("hex");
      if (await this.exists(sha256)) {
        await unlink(temp);
        return { sha256, size, created: false };
      }
      const handle = await open(temp, "r+");
      await handle.sync().finally(() => handle.close());
      await syncDirs(await renameIntoPlace(temp, this.pathOf(sha256), this.root));
      return { sha256, size, created: true };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** The staging folder exists (created once per process). */
  private ready(): Promise<void> {
    this.stagingReady ??= mkdir(this.staging, { recursive: true }).then(() => undefined);
    return this.stagingReady;
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

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function notFoundOr(error: unknown, sha256: string): unknown {
  if (isMissing(error)) return new AppError("NOT_FOUND", { userMessage: "The stored file is missing.", message: `blob ${sha256} is not in the store` });
  return error;
}
