import { createHmac } from "node:crypto";

/** UIDs under the DICOM root name classes, transfer syntaxes and coding schemes, never a patient. */
export const DICOM_ROOT = "1.2.840.10008.";

/**
 * A deterministic keyed UID map: the same input UID under the same secret always gives the same
 * output, so study/series/instance and frame-of-reference relations survive across files and
 * across runs of one export (or one project secret), while the original cannot be recovered
 * without the secret. Outputs are 2.25 (UUID-derived) UIDs: "2.25." + a 128-bit decimal ≤ 44 chars.
 */
export class UidMap {
  private readonly cache = new Map<string, string>();

  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error("UidMap: the secret must be at least 16 characters.");
  }

  map(uid: string): string {
    const clean = uid.replace(/[\0 ]+$/, "").trim();
    if (clean === "" || clean.startsWith(DICOM_ROOT)) return clean;
    let out = this.cache.get(clean);
    if (!out) {
      const digest = createHmac("sha256", this.secret).update(`uid:${clean}`).digest();
      // 128 bits with the UUID version/variant bits of a v8 (custom) UUID, as PS3.5 B.2 asks of 2.25.
      digest[6] = (digest[6]! & 0x0f) | 0x80;
      digest[8] = (digest[8]! & 0x3f) | 0x80;
      out = `2.25.${BigInt(`0x${digest.subarray(0, 16).toString("hex")}`).toString(10)}`;
      this.cache.set(clean, out);
    }
    return out;
  }

  /** Every original UID mapped so far (for the verification scan; never logged). */
  originals(): string[] {
    return [...this.cache.keys()];
  }

  /** A keyed, stable pseudonym for a patient key (ID + issuer): "ANON-" and 12 hex digits. */
  pseudonym(kind: string, original: string): string {
    const digest = createHmac("sha256", this.secret).update(`${kind}:${original}`).digest("hex");
    return `ANON-${digest.slice(0, 12).toUpperCase()}`;
  }
}
