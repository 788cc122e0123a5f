import { createHash } from "node:crypto";

/**
 * A stable 2.25 UID for something the platform writes (the SR of a reading, its series): the same
 * reading and purpose always give the same UID, so a re-generated report replaces, not duplicates.
 */
export function reportUid(...parts: string[]): string {
  const digest = createHash("sha256").update(`discern-report:${parts.join("\u0000")}`).digest();
  digest[6] = (digest[6]! & 0x0f) | 0x80;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString("hex")}`).toString(10)}`;
}
