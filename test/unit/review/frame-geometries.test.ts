import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readInstanceMeta } from "@/lib/dicom/read-instance";
import { writeStudy } from "@/lib/phantom/write-study";
import { frameGeometries } from "@/lib/review/frame-geometries";
import type { BlobStore } from "@/lib/storage/blob-store";
import { pixelBytes, readNatural, writeNatural, type NaturalDataset } from "../analysis/edit-dicom";

const roots: string[] = [];
afterAll(async () => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

/** A stand-in store that answers every sha256 with one file's bytes, counting reads. */
function storeOf(bytes: Buffer): BlobStore & { reads: number } {
  const store = { reads: 0, get: async () => { store.reads += 1; return bytes; } };
  return store as unknown as BlobStore & { reads: number };
}

describe("frameGeometries", () => {
  it("reads each frame's position from an Enhanced MR object's functional groups (the classic files' own), once per file", async () => {
    // Three sagittal phantom files packed into one Enhanced MR object, frames in the order 2, 0, 1
    // (as field-cases.test.ts builds it for the pipeline).
    const root = await mkdtemp(path.join(os.tmpdir(), "discern-frames-"));
    roots.push(root);
    const { dir } = await writeStudy(root, { seed: 11, variant: "standard" });
    const folder = path.join(dir, "s01-sagittal-t2");
    const files = (await readdir(folder)).sort().slice(0, 3).map((f) => path.join(folder, f));
    const classic = await Promise.all(files.map(async (f) => readInstanceMeta(await readFile(f)).geometry!));
    const frames = await Promise.all(files.map(readNatural));
    const order = [2, 0, 1];
    const f0 = frames[0]!;
    const ds: NaturalDataset = { ...f0.ds, _vrMap: { PixelData: "OW" } };
    for (const key of ["ImagePositionPatient", "ImageOrientationPatient", "PixelSpacing", "SliceThickness"]) delete ds[key];
    Object.assign(ds, {
      SOPClassUID: "1.2.840.10008.5.1.4.1.1.4.1",
      SOPInstanceUID: "2.25.2001",
      NumberOfFrames: order.length,
      SharedFunctionalGroupsSequence: [{ PixelMeasuresSequence: [{ PixelSpacing: f0.ds.PixelSpacing, SliceThickness: f0.ds.SliceThickness }], PlaneOrientationSequence: [{ ImageOrientationPatient: f0.ds.ImageOrientationPatient }] }],
      PerFrameFunctionalGroupsSequence: order.map((k) => ({ PlanePositionSequence: [{ ImagePositionPatient: frames[k]!.ds.ImagePositionPatient }] })),
      PixelData: [new Uint8Array(Buffer.concat(order.map((k) => pixelBytes(frames[k]!.ds)))).buffer],
    });
    const out = path.join(root, "enhanced.dcm");
    await writeNatural(out, { meta: f0.meta, ds });
    const store = storeOf(await readFile(out));

    const got = await frameGeometries([{ sopInstanceUid: "2.25.2001", sha256: "a".repeat(64), frames: 3 }, { sopInstanceUid: "single", sha256: "b".repeat(64), frames: 1 }], store);
    expect([...got.keys()]).toEqual(["2.25.2001"]);
    const positions = got.get("2.25.2001")!.map((g) => g!.imagePositionPatient);
    order.forEach((k, frame) => positions[frame]!.forEach((v, i) => expect(v).toBeCloseTo(classic[k]!.imagePositionPatient[i]!, 4)));
    // Cached by sha256: a second view does not read the file again.
    await frameGeometries([{ sopInstanceUid: "2.25.2001", sha256: "a".repeat(64), frames: 3 }], store);
    expect(store.reads).toBe(1);
  }, 120_000); // the phantom is generated on 2 shared cores

  it("leaves out a file that cannot be read (its frames show without geometry) instead of failing the view", async () => {
    const got = await frameGeometries([{ sopInstanceUid: "x", sha256: "c".repeat(64), frames: 4 }], storeOf(Buffer.from("not dicom")));
    expect(got.size).toBe(0);
  });
});
