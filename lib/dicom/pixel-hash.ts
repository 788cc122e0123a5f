import { createHash } from "node:crypto";
import { endianness } from "node:os";
import { decodeFrame } from "./decode-frame";
import type { ParsedInstance } from "./read-instance";

/**
 * sha256 (hex) of an instance's decoded stored values: frame by frame, row by row, samples
 * interleaved, each value as a little-endian signed 32-bit integer (32-bit unsigned values wrap).
 * Every lossless encoding of one image gives the same hash, so it identifies pixels across
 * transfer syntaxes.
 */
export async function pixelHash(instance: ParsedInstance): Promise<string> {
  if (endianness() !== "LE") throw new Error("pixelHash assumes a little-endian machine.");
  const hash = createHash("sha256");
  for (let i = 0; i < instance.meta.frames; i++) {
    const frame = await decodeFrame(instance, i);
    const wide = new Int32Array(frame.pixels.length);
    wide.set(frame.pixels);
    hash.update(new Uint8Array(wide.buffer));
  }
  return hash.digest("hex");
}
