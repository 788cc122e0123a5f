/** What grouping needs of a history entry (THistoryEntry satisfies it). */
export interface TGroupable {
  readingId: string;
  source: string;
  author: { id: string } | null;
  kind: string;
  /** ISO 8601. */
  createdAt: string;
}

/**
 * One edit as the reader made it: a box move and the slice levels it changed are one group.
 * `lead` is the entry that names the edit (the first that is not a SLICE_LEVEL, else the first).
 */
export interface THistoryGroup<T> {
  lead: T;
  entries: T[];
}

/**
 * Groups a history (oldest first) into edits: consecutive entries of the same reading, source
 * and author saved within `windowMs` of the group's first entry (one autosave batch is one
 * transaction, so its revisions are written within milliseconds). AI entries are grouped the
 * same way (one model run). Order is kept.
 */
export function groupHistory<T extends TGroupable>(entries: readonly T[], windowMs = 1000): Array<THistoryGroup<T>> {
  const groups: Array<THistoryGroup<T>> = [];
  let current: T[] = [];
  const flush = () => {
    if (current.length === 0) return;
    groups.push({ lead: current.find((e) => e.kind !== "SLICE_LEVEL") ?? current[0]!, entries: current });
    current = [];
  };
  for (const e of entries) {
    const first = current[0];
    const same = first && first.readingId === e.readingId && first.source === e.source && (first.author?.id ?? null) === (e.author?.id ?? null) && Math.abs(Date.parse(e.createdAt) - Date.parse(first.createdAt)) <= windowMs;
    if (!same) flush();
    current.push(e);
  }
  flush();
  return groups;
}
