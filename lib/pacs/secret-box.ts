import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../config/env";
import { AppError } from "../errors/app-error";

/**
 * PACS credentials at rest: AES-256-GCM (node:crypto) under a 32-byte key derived from
 * NEXTAUTH_SECRET with HKDF-SHA256 (RFC 5869, info "discern-pacs-secret/v1"). Stored form:
 * base64(iv 12 bytes | tag 16 bytes | ciphertext). Changing NEXTAUTH_SECRET makes stored secrets
 * unreadable (the node then needs its secret set again); they are never returned or logged.
 */
function key(): Buffer {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) throw new AppError("CONFIG_INVALID", { userMessage: "NEXTAUTH_SECRET must be set to store or use PACS credentials." });
  return Buffer.from(hkdfSync("sha256", secret, "discern-pacs", "discern-pacs-secret/v1", 32));
}

/** Encrypts a secret for the PacsNode.secretCipher column. */
export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** Decrypts what sealSecret wrote; CONFIG_INVALID when the key changed or the value was altered. */
export function openSecret(sealed: string): string {
  const raw = Buffer.from(sealed, "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new AppError("CONFIG_INVALID", { userMessage: "The PACS node's stored secret cannot be decrypted (was NEXTAUTH_SECRET changed?); set it again." });
  }
}
