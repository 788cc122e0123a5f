import { describe, expect, it } from "vitest";
import { decodeFrame, pixelHash, readInstance } from "@/lib/dicom";
import { fixture } from "./fixtures";

/**
 * The shared corpus has no HTJ2K file, so this test makes one: MR_small's pixels encoded with
 * OpenJPH's HTJ2K encoder (the same package that decodes), wrapped as Part 10 with transfer syntax
 * 1.2.840.10008.1.2.4.201 and MR_small's data set.
 */
async function encodeHtj2k(pixels: Int16Array, width: number, height: number): Promise<Uint8Array> {
  const factory = (await import("@cornerstonejs/codec-openjph/wasmjs")).default;
  // The encoder is not in lib/dicom's typings (discern only decodes); its shape, for this test only.
  const module = (await factory({ print: () => undefined, printErr: () => undefined })) as unknown as {
    HTJ2KEncoder: new () => {
      getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
      setQuality(lossless: boolean, quantizationStep: number): void;
      encode(): void;
      getEncodedBuffer(): Uint8Array;
      delete(): void;
    };
  };
  const encoder = new module.HTJ2KEncoder();
  encoder.getDecodedBuffer({ width, height, bitsPerSample: 16, componentCount: 1, isSigned: true, isUsingColorTransform: false }).set(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength));
  encoder.setQuality(true, 0);
  encoder.encode();
  const encoded = encoder.getEncodedBuffer().slice();
  encoder.delete();
  return encoded;
}

/** Explicit VR little endian element with a 2-byte length. */
function element(group: number, tag: number, vr: string, value: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(tag, 2);
  header.write(vr, 4, "latin1");
  header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

function uid(text: string): Buffer {
  return Buffer.from(text.length % 2 ? `${text}\0` : text, "latin1");
}

function item(tagElement: number, length: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(0xfffe, 0);
  b.writeUInt16LE(tagElement, 2);
  b.writeUInt32LE(length, 4);
  return b;
}

function wrapAsHtj2k(source: Buffer, codestream: Uint8Array): Buffer {
  const { dataSet } = readInstance(source);
  const pixelElement = dataSet.elements.x7fe00010!;
  const dataSetStart = 144 + source.readUInt32LE(140);
  const dataSetBeforePixels = source.subarray(dataSetStart, pixelElement.dataOffset - 12);
  const meta = Buffer.concat([
    // (0002,0001) File Meta Information Version, OB: 2 reserved bytes and a 4-byte length, value 00 01.
    Buffer.from([0x02, 0x00, 0x01, 0x00, 0x4f, 0x42, 0, 0, 2, 0, 0, 0, 0x00, 0x01]),
    element(0x0002, 0x0002, "UI", uid(dataSet.string("x00080016")!)), // Media Storage SOP Class
    element(0x0002, 0x0003, "UI", uid(dataSet.string("x00080018")!)), // Media Storage SOP Instance
    element(0x0002, 0x0010, "UI", uid("1.2.840.10008.1.2.4.201")), // Transfer Syntax: HTJ2K lossless
  ]);
  const groupLength = element(0x0002, 0x0000, "UL", Buffer.from(new Uint32Array([meta.length]).buffer));
  const fragment = codestream.length % 2 ? Buffer.concat([codestream, Buffer.alloc(1)]) : Buffer.from(codestream);
  const pixelHeader = Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff]); // (7FE0,0010) OB, undefined length
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from("DICM", "latin1"),
    groupLength,
    meta,
    dataSetBeforePixels,
    pixelHeader,
    item(0xe000, 0), // empty Basic Offset Table
    item(0xe000, fragment.length),
    fragment,
    item(0xe0dd, 0), // sequence delimiter
  ]);
}

describe("HTJ2K (OpenJPH)", () => {
  it("decodes an HTJ2K lossless encoding of MR_small to the same pixelHash", async () => {
    const source = fixture("pydicom/MR_small.dcm");
    const original = readInstance(source);
    const frame = await decodeFrame(original, 0);
    const codestream = await encodeHtj2k(frame.pixels as Int16Array, 64, 64);
    const htj2k = readInstance(wrapAsHtj2k(source, codestream));
    expect(htj2k.meta.transferSyntaxUid).toBe("1.2.840.10008.1.2.4.201");
    expect(await pixelHash(htj2k)).toBe(await pixelHash(original));
  });
});
