import { randomBytes } from "node:crypto";
import { db } from "../db/client";

const KEY = "deid.secret";

/**
 * The project's de-identification key (UID map and pseudonyms), generated once and kept in the
 * Setting table: server-side only, never exported or logged. The same key across exports keeps a
 * patient's pseudonym and a study's UIDs stable from one dataset version to the next.
 */
export async function projectDeidSecret(): Promise<string> {
  const existing = await db().setting.findUnique({ where: { key: KEY } });
  if (existing && typeof existing.value === "string" && existing.value.length >= 32) return existing.value;
  const secret = randomBytes(32).toString("hex");
  await db().setting.upsert({ where: { key: KEY }, create: { key: KEY, value: secret }, update: {} });
  const stored = await db().setting.findUniqueOrThrow({ where: { key: KEY } });
  return String(stored.value);
}
