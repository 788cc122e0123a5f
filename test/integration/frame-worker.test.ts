import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { decodeFrame, readInstance } from "../../lib/dicom";
import { importFiles } from "../../lib/studies/import-files";
import { readFile } from "node:fs/promises";
import { resetDatabase } from "./helpers";

vi.mock("../../lib/auth/current-user", () => ({
  currentUser: async () => ({ id: "reader", email: "r@test.local", name: "Reader", role: "RADIOLOGIST" }),
  requireUser: async () => ({ id: "reader", email: "r@test.local", name: "Reader", role: "RADIOLOGIST" }),
}));

const { GET: getFrame } = await import("../../app/api/instances/[sopInstanceUid]/frames/[frame]/route");

const J2K = path.resolve(__dirname, "../fixtures/dicom/cswil/CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm");
const RLE = path.resolve(__dirname, "../fixtures/dicom/pydicom/MR_small_RLE.dcm");

const frame = (sop: string) => getFrame(new Request(`http://test/api/instances/${sop}/frames/0`), { params: Promise.resolve({ sopInstanceUid: sop, frame: "0" }) });

describe("[IMPORT] frames decode in worker threads and are cached (issue 18)", () => {
  let sops: string[];

  beforeAll(async () => {
    await resetDatabase();
    await importFiles({ paths: [J2K, RLE], source: "test" });
    sops = (await db().instance.findMany({ orderBy: { rows: "desc" } })).map((i) => i.sopInstanceUid);
    expect(sops).toHaveLength(2);
  });
  afterAll(() => db().$disconnect());

  it("serves, from worker threads, the values decodeFrame gives inline, for parallel requests", async () => {
    const responses = await Promise.all([...sops, ...sops, ...sops].map(frame));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const bodies = await Promise.all(responses.map(async (r) => Buffer.from(await r.arrayBuffer())));
    for (const [i, file] of [J2K, RLE].entries()) {
      const inline = await decodeFrame(readInstance(await readFile(file)), 0);
      const expected = Buffer.from(inline.pixels.buffer, inline.pixels.byteOffset, inline.pixels.byteLength);
      expect(bodies[i]!.equals(expected)).toBe(true);
      expect(bodies[i + 2]!.equals(expected)).toBe(true);
    }
  });

  it("answers a second view from the cache: the stored files can be gone", async () => {
    const first = Buffer.from(await (await frame(sops[0]!)).arrayBuffer());
    const root = process.env.DISCERN_STORAGE_ROOT!;
    for (const entry of await readdir(root)) await rm(path.join(root, entry), { recursive: true, force: true });
    const again = await frame(sops[0]!);
    expect(again.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(first)).toBe(true);
  });
});
