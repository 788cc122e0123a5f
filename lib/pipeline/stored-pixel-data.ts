import { endianness } from "node:os";
import { assertFrameWithinLimits, resolveLimits } from "../dicom/limits";
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE } from "../dicom/transfer-syntax";
import type { InstanceMeta } from "../dicom/types";
import type { StoredSamples } from "../inference/stored-frame";

const isLittleEndianHost = endianness() === "LE";

/**
 * Where frame `frameIndex` of a native little-endian grey image lies in its file, without parsing
 * the data set: from the header facts alone (the rows import wrote, or a header already read), the
 * Pixel Data element must be the file's last, so its value starts at fileLength − L with
 * L = frames · rows · columns · bytes per sample (padded to even). The element header just before
 * it is checked — tag (7FE0,0010), VR OB/OW for explicit VR, and a length field equal to L — so a
 * file laid out otherwise (trailing elements or padding, extra bytes, a length that disagrees) is
 * never misread: it gets null, and the caller decodes it the full way (lib/dicom's decodeFrame).
 * Null as well for anything but Implicit/Explicit VR Little Endian, one sample per pixel, Bits
 * Allocated 8 or 16, on a little-endian host. Throws TOO_LARGE (lib/dicom's frame limit).
 */
export function locateStoredSamples(bytes: Uint8Array, meta: InstanceMeta, frameIndex: number): StoredSamples | null {
  const explicit = meta.transferSyntaxUid === EXPLICIT_VR_LE;
  if (!explicit && meta.transferSyntaxUid !== IMPLICIT_VR_LE) return null;
  if (!isLittleEndianHost || meta.samplesPerPixel !== 1 || (meta.bitsAllocated !== 8 && meta.bitsAllocated !== 16)) return null;
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= meta.frames) return null;
  assertFrameWithinLimits(meta, resolveLimits());
  const bytesPerSample = meta.bitsAllocated / 8;
  const pixels = meta.rows * meta.columns;
  const frameBytes = pixels * bytesPerSample;
  const total = frameBytes * meta.frames;
  const length = total + (total & 1);
  const start = bytes.length - length;
  const header = explicit ? 12 : 8;
  const at = start - header;
  if (at < 0) return null;
  // (7FE0,0010) little endian: E0 7F 10 00.
  if (bytes[at] !== 0xe0 || bytes[at + 1] !== 0x7f || bytes[at + 2] !== 0x10 || bytes[at + 3] !== 0x00) return null;
  if (explicit) {
    const vr = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!);
    if ((vr !== "OW" && vr !== "OB") || bytes[at + 6] !== 0 || bytes[at + 7] !== 0) return null;
  }
  const lengthAt = at + header - 4;
  const declared = (bytes[lengthAt]! | (bytes[lengthAt + 1]! << 8) | (bytes[lengthAt + 2]! << 16) | (bytes[lengthAt + 3]! << 24)) >>> 0;
  if (declared !== length) return null;
  const from = bytes.byteOffset + start + frameIndex * frameBytes;
  let data: Uint8Array | Uint16Array;
  if (bytesPerSample === 1) data = new Uint8Array(bytes.buffer, from, pixels);
  else if (from % 2 === 0) data = new Uint16Array(bytes.buffer, from, pixels);
  else data = new Uint16Array(new Uint8Array(bytes.buffer, from, frameBytes).slice().buffer);
  return { data, bitsStored: meta.bitsStored, signed: meta.pixelRepresentation === 1, slope: meta.rescaleSlope, intercept: meta.rescaleIntercept };
}
