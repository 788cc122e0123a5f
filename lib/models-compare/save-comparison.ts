import type { Prisma } from "@prisma/client";
import { db } from "../db/client";
import type { TModelComparison } from "./compare-models";

/** How many comparisons each version keeps (newest first). */
const KEEP = 5;

/**
 * Keeps a comparison with both compared versions (ModelVersion.metrics.comparisons, newest
 * first, a repeat of the same pair on the same dataset replaces the older one), so the Models page
 * shows it beside the versions an admin is about to promote. Row-locked read-modify-write.
 */
export async function saveComparison(comparison: TModelComparison): Promise<void> {
  const key = (c: Pick<TModelComparison, "a" | "b" | "dataset">) => `${c.dataset.id}:${c.a.modelVersionId}:${c.b.modelVersionId}`;
  await db().$transaction(async (tx) => {
    for (const id of [comparison.a.modelVersionId, comparison.b.modelVersionId]) {
      await tx.$queryRaw`SELECT id FROM "ModelVersion" WHERE id = ${id} FOR UPDATE`;
      const row = await tx.modelVersion.findUniqueOrThrow({ where: { id }, select: { metrics: true } });
      const metrics = (row.metrics ?? {}) as Record<string, unknown>;
      const previous = Array.isArray(metrics.comparisons) ? (metrics.comparisons as TModelComparison[]) : [];
      const comparisons = [comparison, ...previous.filter((c) => key(c) !== key(comparison))].slice(0, KEEP);
      await tx.modelVersion.update({ where: { id }, data: { metrics: { ...metrics, comparisons } as unknown as Prisma.InputJsonValue } });
    }
  });
}
