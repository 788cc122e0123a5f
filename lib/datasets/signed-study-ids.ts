import { db } from "../db/client";

/** Ids of the studies whose review is signed (the candidates for FINAL-labelled datasets). */
export async function signedStudyIds(): Promise<string[]> {
  return (await db().study.findMany({ where: { reviewState: "SIGNED" }, select: { id: true }, orderBy: { createdAt: "asc" } })).map((s) => s.id);
}
