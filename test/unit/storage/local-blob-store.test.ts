import { createHash } from "node:crypto";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { LocalBlobStore } from "../../../lib/storage";

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe("[IMPORT] LocalBlobStore", () => {
  it("stores bytes under ab/cd/<sha256>, once, from buffers and streams alike", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "blob-test-"));
    const store = new LocalBlobStore(root);
    const bytes = Buffer.from("the same bytes twice");
    const sha = createHash("sha256").update(bytes).digest("hex");
    expect(await store.put(bytes)).toEqual({ sha256: sha, size: bytes.length, created: true });
    expect(await store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]))).toEqual({ sha256: sha, size: bytes.length, created: false });
    expect(await files(root)).toEqual([path.join(sha.slice(0, 2), sha.slice(2, 4), sha)]);
    expect((await store.get(sha)).equals(bytes)).toBe(true);
    expect(await store.exists(sha)).toBe(true);
    expect(await store.size("0".repeat(64))).toBeNull();
    await expect(store.get("0".repeat(64))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.get("../../etc/passwd")).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("never replaces a stored blob and leaves no temporary files", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "blob-test-"));
    const store = new LocalBlobStore(root);
    const bytes = Buffer.from("original");
    const { sha256 } = await store.put(bytes);
    // Many writers of the same bytes at once: one creates, the others find it.
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(Buffer.from(bytes))));
    expect(results.filter((r) => r.created)).toHaveLength(0);
    await writeFile(store.pathOf(sha256), "tampered");
    expect((await store.put(bytes)).created).toBe(false);
    expect(await files(root)).toHaveLength(1);
  });
});
