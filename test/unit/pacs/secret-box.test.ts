import { describe, expect, it } from "vitest";

process.env.NEXTAUTH_SECRET = "unit-test-secret-for-the-pacs-secret-box-0123456789";
const { openSecret, sealSecret } = await import("../../../lib/pacs/secret-box");

describe("PACS secret box (AES-256-GCM, key from NEXTAUTH_SECRET by HKDF)", () => {
  it("round-trips, never contains the plain text, and two seals of one secret differ (random IV)", () => {
    const secret = "pässword with ünïcode and spaces";
    const a = sealSecret(secret);
    const b = sealSecret(secret);
    expect(openSecret(a)).toBe(secret);
    expect(a).not.toBe(b);
    expect(Buffer.from(a, "base64").toString("utf8")).not.toContain("password");
    // iv 12 + tag 16 + ciphertext as long as the UTF-8 plain text
    expect(Buffer.from(a, "base64").length).toBe(12 + 16 + Buffer.byteLength(secret, "utf8"));
  });

  it("a changed byte (ciphertext, tag or IV) is refused with one sentence, never garbage", () => {
    const sealed = Buffer.from(sealSecret("token-123"), "base64");
    for (const index of [0, 12, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index] = tampered[index]! ^ 0x01;
      expect(() => openSecret(tampered.toString("base64"))).toThrow(/cannot be decrypted/);
    }
  });
});
