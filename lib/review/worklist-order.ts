/** What the worklist order needs of a row (lib/review/worklist TWorklistRow satisfies it). */
export interface TOrderRow {
  /** The viewer's own open reading of the study: ASSIGNED (not yet read) or IN_PROGRESS (claimed), else null. */
  mine: "ASSIGNED" | "IN_PROGRESS" | null;
  reviewState: string;
  severity: number;
  uncertainty: number;
  /** ISO 8601. */
  updatedAt: string;
}

export type TWorklistSort = "mine" | "severity" | "uncertainty" | "date";

/**
 * The group a row falls in for the default "my studies first" order (issue 17: the worklist
 * routes work): 0 my unread (assigned, not started), 1 my in-progress (claimed), 2 everything
 * else still to be read, 3 signed. Lower comes first.
 */
export function workGroup(row: TOrderRow): number {
  if (row.mine === "ASSIGNED") return 0;
  if (row.mine === "IN_PROGRESS") return 1;
  return row.reviewState === "SIGNED" ? 3 : 2;
}

/**
 * The rows in display order (a new array). "mine": by workGroup, then AI severity (descending),
 * then the oldest change first (the longest waiting); the other sorts: that key descending
 * (newest change first for "date"). Stable for equal keys.
 */
export function sortWorklist<T extends TOrderRow>(rows: readonly T[], sort: TWorklistSort): T[] {
  const time = (r: TOrderRow) => Date.parse(r.updatedAt);
  const compare = (a: T, b: T): number => {
    if (sort === "mine") return workGroup(a) - workGroup(b) || b.severity - a.severity || time(a) - time(b);
    if (sort === "severity") return b.severity - a.severity;
    if (sort === "uncertainty") return b.uncertainty - a.uncertainty;
    return time(b) - time(a);
  };
  return [...rows].sort(compare);
}
