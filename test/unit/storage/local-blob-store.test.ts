import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, utimes, writeFile } from "node:fs/promises";
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

describe("[IMPORT] LocalBlobStore durability", () => {
  it("putMany stores each blob under its hash and leaves nothing in tmp/", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "blob-test-"));
    const store = new LocalBlobStore(root);
    const items = ["one", "two", "three"].map((text) => {
      const bytes = Buffer.from(text);
      return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
    });
    await store.putMany(items);
    await store.putMany(items.slice(0, 1)); // equal bytes again: replaced atomically, same content
    for (const { bytes, sha256 } of items) expect((await store.get(sha256)).equals(bytes)).toBe(true);
    expect(await files(root)).toHaveLength(3);
    expect(await readdir(path.join(root, "tmp"))).toEqual([]);
  });

  it("sweepTemp removes a dead writer's old temp files and keeps a live writer's and fresh ones", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "blob-test-"));
    const tmp = path.join(root, "tmp");
    await mkdir(tmp);
    const old = new Date(Date.now() - 3_600_000);
    // pid 2^22+1 is above Linux's pid_max ceiling: no process can hold it.
    const dead = path.join(tmp, `.tmp-${2 ** 22 + 1}-aaaa`);
    const live = path.join(tmp, `.tmp-${process.ppid}-bbbb`);
    const fresh = path.join(tmp, `.tmp-${2 ** 22 + 1}-cccc`);
    const other = path.join(tmp, "notes.txt");
    for (const file of [dead, live, other]) {
      await writeFile(file, "partial");
      await utimes(file, old, old);
    }
    await writeFile(fresh, "partial");
    await utimes(fresh, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    expect(await new LocalBlobStore(root).sweepTemp()).toBe(1);
    expect((await readdir(tmp)).sort()).toEqual([path.basename(live), path.basename(fresh), "notes.txt"].sort());
  });
});
