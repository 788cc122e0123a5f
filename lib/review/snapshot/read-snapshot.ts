import type { TDb, TTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { canonicalSha256 } from "./canonical-json";
import { ZSignedSnapshot, type TSignedSnapshot } from "./schema";

/**
 * The frozen snapshot of a signed reading, checked against its schema and its stored sha256 on
 * read (a mismatch is a server defect: 500). Null when the reading has none (not signed, or
 * signed before snapshots existed).
 */
export async function readSnapshot(client: TDb | TTx, readingId: string): Promise<{ snapshot: TSignedSnapshot; sha256: string } | null> {
  const row = await client.signedSnapshot.findUnique({ where: { readingId } });
  if (!row) return null;
  const parsed = ZSignedSnapshot.safeParse(row.content);
  if (!parsed.success) throw new AppError("INTERNAL", { message: `signed snapshot of reading ${readingId} does not match its schema` });
  if (canonicalSha256(parsed.data) !== row.sha256) throw new AppError("INTERNAL", { message: `signed snapshot of reading ${readingId} does not match its sha256` });
  return { snapshot: parsed.data, sha256: row.sha256 };
}

/** Level diagnoses of a snapshot by level (what the reader signed). */
export function snapshotLevels(snapshot: TSignedSnapshot): Map<string, { diagnosis: string; source: "AI" | "HUMAN" }> {
  const out = new Map<string, { diagnosis: string; source: "AI" | "HUMAN" }>();
  for (const v of snapshot.values) if (v.kind === "LEVEL_DIAGNOSIS") out.set(v.data.level, { diagnosis: v.data.diagnosis, source: v.source });
  return out;
}
