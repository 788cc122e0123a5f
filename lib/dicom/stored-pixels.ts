import { endianness } from "node:os";

const isBigEndianMachine = endianness() === "BE";

/** Decoded stored pixel values of one frame, typed by Bits Allocated and Pixel Representation. */
export type TStoredPixels = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/** An empty typed array for `count` samples of the given allocation and signedness. */
export function allocateStored(count: number, bitsAllocated: number, signed: boolean): TStoredPixels {
  if (bitsAllocated <= 8) return signed ? new Int8Array(count) : new Uint8Array(count);
  if (bitsAllocated <= 16) return signed ? new Int16Array(count) : new Uint16Array(count);
  return signed ? new Int32Array(count) : new Uint32Array(count);
}

/**
 * Fills `target` from samples of `bytesPerSample` bytes each (little-endian unless told), keeping
 * only the low `bitsStored` bits and sign-extending them when `signed`: bits above Bits Stored
 * (overlays, garbage) never leak into values, and every encoding of an image gives the same values.
 */
export function fillStored(target: TStoredPixels, bytes: Uint8Array, bytesPerSample: number, bitsStored: number, signed: boolean, littleEndian = true): void {
  const count = target.length;
  const shift = 32 - bitsStored;
  const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
  if (bytesPerSample === 1) {
    for (let i = 0; i < count; i++) target[i] = normalise(bytes[i]!, mask, shift, signed);
    return;
  }
  if (littleEndian && (bytesPerSample === 2 || bytesPerSample === 4) && !isBigEndianMachine) {
    // Fast path: view the bytes as words (copying only when unaligned), then one typed-array copy
    // when every allocated bit is stored, or one masking pass otherwise.
    // new Uint8Array(view) copies; Buffer#slice would not (it shares memory, offset and all).
    const aligned = bytes.byteOffset % bytesPerSample === 0 ? bytes : new Uint8Array(bytes.subarray(0, count * bytesPerSample));
    const words =
      bytesPerSample === 2
        ? signed ? new Int16Array(aligned.buffer, aligned.byteOffset, count) : new Uint16Array(aligned.buffer, aligned.byteOffset, count)
        : signed ? new Int32Array(aligned.buffer, aligned.byteOffset, count) : new Uint32Array(aligned.buffer, aligned.byteOffset, count);
    if (bitsStored === bytesPerSample * 8) {
      target.set(words);
      return;
    }
    for (let i = 0; i < count; i++) target[i] = normalise(words[i]!, mask, shift, signed);
    return;
  }
  if (bytesPerSample === 2) {
    for (let i = 0, at = 0; i < count; i++, at += 2) {
      const raw = littleEndian ? bytes[at]! | (bytes[at + 1]! << 8) : (bytes[at]! << 8) | bytes[at + 1]!;
      target[i] = normalise(raw, mask, shift, signed);
    }
    return;
  }
  for (let i = 0, at = 0; i < count; i++, at += 4) {
    const raw = littleEndian
      ? bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)
      : (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    target[i] = normalise(raw, mask, shift, signed);
  }
}

function normalise(raw: number, mask: number, shift: number, signed: boolean): number {
  if (shift <= 0) return signed ? raw | 0 : raw >>> 0;
  return signed ? ((raw << shift) >> shift) : (raw & mask);
}
