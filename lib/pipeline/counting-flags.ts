/**
 * The counting flags a slice or a level carries, from the study's count flags (issue 11):
 * `counting-uncertain` on every slice and level (any name may be off), and
 * `transitional-vertebra-suspected` on the slices and levels next to the lumbosacral junction
 * (L4-L5, L5-S1), whose names a transitional vertebra changes first. Slices without a level get
 * `counting-uncertain` too (why they have none may be the count).
 */
export function countingFlagsOfLevel(studyFlags: readonly string[], level: string | null): string[] {
  const out: string[] = [];
  if (studyFlags.includes("counting-uncertain")) out.push("counting-uncertain");
  if (studyFlags.includes("transitional-vertebra-suspected") && (level === "L4-L5" || level === "L5-S1")) out.push("transitional-vertebra-suspected");
  return out;
}
