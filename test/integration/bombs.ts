import { once } from "node:events";
import { createDeflateRaw, crc32 } from "node:zlib";

/**
 * The three decompression bombs of issue 18, generated (never stored): a zip of zeros, a deflated
 * DICOM whose data set inflates past a gigabyte, and an RLE image whose 8 MiB decode to 512 MiB.
 * Everything is produced by streaming, so the test process never holds the inflated size.
 */

const MiB = 1024 * 1024;

/** Deflates `prefix` followed by `zeros` zero bytes, streaming 1 MiB at a time; crc32 of the whole. */
export async function deflateWithZeros(prefix: Buffer, zeros: number): Promise<{ compressed: Buffer; crc: number; size: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const ended = once(deflate, "end");
  let crc = crc32(prefix);
  if (!deflate.write(prefix)) await once(deflate, "drain");
  const zero = Buffer.alloc(MiB);
  for (let left = zeros; left > 0; ) {
    const chunk = left >= MiB ? zero : zero.subarray(0, left);
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await once(deflate, "drain");
    left -= chunk.length;
  }
  deflate.end();
  await ended;
  return { compressed: Buffer.concat(out), crc, size: prefix.length + zeros };
}

/** A zip (PKWARE APPNOTE 4.3, deflate) of `entries` files of `entryBytes` zeros each. */
export async function zipOfZeros(entries: number, entryBytes: number): Promise<Buffer> {
  const one = await deflateWithZeros(Buffer.alloc(0), entryBytes);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < entries; i += 1) {
    const name = Buffer.from(`scan/IM${i}.dcm`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(one.crc, 14);
    local.writeUInt32LE(one.compressed.length, 18);
    local.writeUInt32LE(one.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(one.crc, 16);
    central.writeUInt32LE(one.compressed.length, 20);
    central.writeUInt32LE(one.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, one.compressed);
    centrals.push(central, name);
    offset += 30 + name.length + one.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries, 8);
  end.writeUInt16LE(entries, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** One explicit-VR little-endian element (PS3.5 7.1.2); OB/OW/UN/SQ use the 4-byte length form. */
function element(group: number, tag: number, vr: string, value: Buffer, lengthOverride?: number): Buffer {
  const long = ["OB", "OW", "UN", "SQ", "UT"].includes(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(tag, 2);
  header.write(vr, 4, "latin1");
  if (long) header.writeUInt32LE(lengthOverride ?? value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

const text = (s: string) => Buffer.from(s.length % 2 ? `${s}\0` : s, "latin1");
const us = (n: number) => Buffer.from(Uint16Array.of(n).buffer);

/** Part 10 preamble and file meta group for `transferSyntax`. */
function fileMeta(sopInstanceUid: string, transferSyntax: string): Buffer {
  const body = Buffer.concat([
    element(2, 0x0001, "OB", Buffer.from([0, 1])),
    element(2, 0x0002, "UI", text("1.2.840.10008.5.1.4.1.1.4")),
    element(2, 0x0003, "UI", text(sopInstanceUid)),
    element(2, 0x0010, "UI", text(transferSyntax)),
    element(2, 0x0012, "UI", text("1.2.826.0.1.3680043.10.1")),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.alloc(128), Buffer.from("DICM"), element(2, 0x0000, "UL", length), body]);
}

/** Image header elements of a 16-bit MR slice (no pixel data element). */
function imageHeader(uid: string, rows: number, columns: number): Buffer {
  return Buffer.concat([
    element(0x0008, 0x0016, "UI", text("1.2.840.10008.5.1.4.1.1.4")),
    element(0x0008, 0x0018, "UI", text(uid)),
    element(0x0008, 0x0060, "CS", text("MR")),
    element(0x0020, 0x000d, "UI", text(`${uid}.1`)),
    element(0x0020, 0x000e, "UI", text(`${uid}.2`)),
    element(0x0028, 0x0002, "US", us(1)),
    element(0x0028, 0x0004, "CS", text("MONOCHROME2")),
    element(0x0028, 0x0010, "US", us(rows)),
    element(0x0028, 0x0011, "US", us(columns)),
    element(0x0028, 0x0100, "US", us(16)),
    element(0x0028, 0x0101, "US", us(16)),
    element(0x0028, 0x0102, "US", us(15)),
    element(0x0028, 0x0103, "US", us(0)),
  ]);
}

/**
 * A deflated-transfer-syntax file (1.2.840.10008.1.2.1.99) whose data set is a 16-bit image of
 * rows × columns zeros: about 1.2 MB on disk for 24 576², inflating to 1.2 GB.
 */
export async function deflatedDicomBomb(uid: string, rows = 24_576, columns = 24_576): Promise<Buffer> {
  const pixelBytes = rows * columns * 2;
  const prefix = Buffer.concat([imageHeader(uid, rows, columns), element(0x7fe0, 0x0010, "OW", Buffer.alloc(0), pixelBytes)]);
  const { compressed } = await deflateWithZeros(prefix, pixelBytes);
  return Buffer.concat([fileMeta(uid, "1.2.840.10008.1.2.1.99"), compressed]);
}

/**
 * An RLE Lossless (1.2.840.10008.1.2.5, PS3.5 Annex G) image of 16384 × 16384 16-bit zeros: two
 * PackBits segments of 128-byte runs, 8 MiB in all, decoding to 512 MiB.
 */
export function rleBomb(uid: string, side = 16_384): Buffer {
  const segmentBytes = side * side;
  const segment = Buffer.alloc((segmentBytes / 128) * 2);
  for (let i = 0; i < segment.length; i += 2) segment[i] = 0x81; // repeat the next byte 128 times
  const rleHeader = Buffer.alloc(64);
  rleHeader.writeUInt32LE(2, 0);
  rleHeader.writeUInt32LE(64, 4);
  rleHeader.writeUInt32LE(64 + segment.length, 8);
  const fragment = Buffer.concat([rleHeader, segment, segment]);
  const item = (value: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt16LE(0xfffe, 0);
    header.writeUInt16LE(0xe000, 2);
    header.writeUInt32LE(value.length, 4);
    return Buffer.concat([header, value]);
  };
  const delimiter = Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  const pixelData = Buffer.concat([item(Buffer.alloc(0)), item(fragment), delimiter]);
  return Buffer.concat([fileMeta(uid, "1.2.840.10008.1.2.5"), imageHeader(uid, side, side), element(0x7fe0, 0x0010, "OB", pixelData, 0xffffffff)]);
}
