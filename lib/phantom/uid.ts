import type { Rng } from "./prng";

/**
 * DICOM UIDs under the 2.25 root (ITU-T X.667: "2.25." followed by a 128-bit integer in decimal),
 * drawn from a seeded stream so that one seed always gives the same UIDs, and two seeds collide
 * only if 128 random bits do.
 */
export function createUidGenerator(rng: Rng): () => string {
  return () => {
    let value = 0n;
    for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt(rng.uint32());
    // A leading zero is not allowed in a UID component; 0 itself is written "0".
    return `2.25.${value.toString()}`;
  };
}
