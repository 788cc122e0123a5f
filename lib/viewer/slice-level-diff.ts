import type { TSliceLevelData } from "@/lib/annotations/schemas";

/**
 * Which recomputed slice levels are worth a revision: those whose level or flags changed (or
 * that had none). A distance to the disc plane that merely moved (a box nudged by a few pixels
 * moves every slice's distance a little) is no change of meaning and records nothing; when the
 * level or flags do change, the new distance travels with it. Issue 17: a 3 px nudge of one
 * vertebra box had written 11 slice-level revisions that changed no level.
 *
 * @param next the levels recomputed for every axial slice (lib/geometry assignLevel)
 * @param current the level shown now for a slice (server head or unsaved local), null if none
 * @returns the subset of `next` to record, in the order given
 */
export function changedSliceLevels(next: TSliceLevelData[], current: (sopInstanceUid: string) => TSliceLevelData | null): TSliceLevelData[] {
  return next.filter((n) => {
    const before = current(n.sopInstanceUid);
    if (!before) return true;
    return before.level !== n.level || !sameFlags(before.flags, n.flags);
  });
}

function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((f, i) => f === sb[i]);
}
