import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";

export const ZEligibleStudiesQuery = z.object({
  labelSource: z.enum(["FINAL", "AI", "READER"]),
  readerId: z.string().min(1).max(64).optional(),
});

/**
 * The studies a new dataset version can hold under a label source ({ labelSource, readerId? },
 * zod-checked: INVALID_INPUT otherwise), oldest first: FINAL — signed
 * studies; READER — studies where that reader has a signed reading (or, for an annotator, one
 * submitted as done); AI — studies with an AI reading. These are exactly the studies
 * createDatasetVersion accepts for that source.
 */
export async function eligibleStudyIds(input: unknown): Promise<string[]> {
  const query = ZEligibleStudiesQuery.parse(input);
  if (query.labelSource === "READER" && !query.readerId) throw new AppError("INVALID_INPUT", { userMessage: "Choose the reader whose readings label the data." });
  const where =
    query.labelSource === "FINAL"
      ? { reviewState: "SIGNED" as const }
      : query.labelSource === "READER"
        ? { readings: { some: { readerId: query.readerId, status: { in: ["SIGNED" as const, "DONE" as const] } } } }
        : { readings: { some: { role: "AI" as const } } };
  const rows = await db().study.findMany({ where, select: { id: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => r.id);
}

/** The users whose readings can label a dataset (they have signed or submitted work), by name. */
export async function labelReaders(): Promise<Array<{ id: string; name: string; role: string }>> {
  return db().user.findMany({
    where: { readings: { some: { status: { in: ["SIGNED", "DONE"] } } } },
    select: { id: true, name: true, role: true },
    orderBy: { name: "asc" },
  });
}
