import { db } from "../db/client";

/** Study counts by review state, for the supervisor's overview. */
export async function countStudiesByState(): Promise<Record<string, number>> {
  const groups = await db().study.groupBy({ by: ["reviewState"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.reviewState, g._count._all]));
}
