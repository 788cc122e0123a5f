import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { parseNpy } from "@/lib/realdata/npy";
import { readNpz } from "@/lib/realdata/read-npz";

/**
 * A .npy file built by hand (NumPy format 1.0): magic, version 1.0, header length (uint16 LE), the
 * header dict padded with spaces and ended by "\n" so that the data starts on a 64-byte boundary.
 */
function npyBytes(descr: string, fortran: boolean, shape: number[], data: Uint8Array): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = dict + " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, ...Buffer.from("NUMPY"), 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(Buffer.from(header, "latin1"), 10);
  out.set(data, 10 + header.length);
  return out;
}

describe("parseNpy", () => {
  it("reads a C-ordered uint8 array with its shape", () => {
    const data = Uint8Array.from({ length: 24 }, (_, k) => k);
    const a = parseNpy(npyBytes("|u1", false, [2, 3, 4], data));
    expect(a.dtype).toBe("u1");
    expect(a.shape).toEqual([2, 3, 4]);
    expect(a.data).toBeInstanceOf(Uint8Array);
    // C order: element [1, 2, 3] is at 1·12 + 2·4 + 3 = 23.
    expect(a.data[23]).toBe(23);
    expect(Array.from(a.data)).toEqual(Array.from(data));
  });

  it("reads little-endian uint16 values", () => {
    const bytes = new Uint8Array([0x01, 0x00, 0x00, 0x01, 0xff, 0xff]); // 1, 256, 65535
    const a = parseNpy(npyBytes("<u2", false, [3], bytes));
    expect(a.dtype).toBe("u2");
    expect(a.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(a.data)).toEqual([1, 256, 65535]);
  });

  it("reorders a Fortran-ordered array into C order", () => {
    // 2×3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column: 1 4 2 5 3 6.
    const a = parseNpy(npyBytes("|u1", true, [2, 3], Uint8Array.from([1, 4, 2, 5, 3, 6])));
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    // 3-D: shape [2, 2, 2], F index i + 2j + 4k holds 100i + 10j + k.
    const f = new Uint8Array(8);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) f[i + 2 * j + 4 * k] = 100 * i + 10 * j + k;
    const b = parseNpy(npyBytes("|u1", true, [2, 2, 2], f));
    expect(Array.from(b.data)).toEqual([0, 1, 10, 11, 100, 101, 110, 111]);
  });

  it("refuses big-endian, float, truncated and non-npy input with one sentence naming the file", () => {
    expect(() => parseNpy(npyBytes(">u2", false, [1], new Uint8Array(2)), "x.npy")).toThrow(/x\.npy/);
    expect(() => parseNpy(npyBytes("<f4", false, [1], new Uint8Array(4)), "x.npy")).toThrow(/f4 values; only uint8/);
    expect(() => parseNpy(npyBytes("|u1", false, [4, 4], new Uint8Array(10)), "x.npy")).toThrow(/truncated: 10 of 16/);
    expect(() => parseNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), "x.npy")).toThrow(/not a NumPy \.npy array/);
  });
});

describe("readNpz", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "discern-npz-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function writeZip(file: string, entries: { name: string; bytes: Uint8Array; compress: boolean }[]) {
    const zip = new yazl.ZipFile();
    for (const e of entries) zip.addBuffer(Buffer.from(e.bytes), e.name, { compress: e.compress });
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    await writeFile(file, Buffer.concat(chunks));
  }

  it("reads every .npy entry by name, deflated (even 1000:1, as label volumes are) or stored, and skips other entries", async () => {
    const file = path.join(dir, "exam.npz");
    const labels = new Uint8Array(64_000); // all zeros: compresses far beyond 100:1
    labels[12_345] = 7;
    await writeZip(file, [
      { name: "image.npy", bytes: npyBytes("<u2", false, [2, 2], new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0])), compress: false },
      { name: "labels.npy", bytes: npyBytes("|u1", false, [40, 40, 40], labels), compress: true },
      { name: "notes.txt", bytes: Buffer.from("hello"), compress: true },
    ]);
    const arrays = await readNpz(file);
    expect([...arrays.keys()].sort()).toEqual(["image", "labels"]);
    expect(Array.from(arrays.get("image")!.data)).toEqual([1, 2, 3, 4]);
    expect(arrays.get("labels")!.shape).toEqual([40, 40, 40]);
    expect(arrays.get("labels")!.data[12_345]).toBe(7);
  });

  it("refuses a file that is not a zip", async () => {
    const file = path.join(dir, "broken.npz");
    await writeFile(file, "not a zip");
    await expect(readNpz(file)).rejects.toThrow(/broken\.npz is not a readable \.npz/);
  });
});
