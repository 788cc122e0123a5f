import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { DIAGNOSES, DISC_LEVELS } from "../phantom/truth";
import { studyLabels } from "./study-labels";

const SPLITS = ["train", "val", "test"] as const;
type TSplitName = (typeof SPLITS)[number];
const SPLIT_OF = { TRAIN: "train", VAL: "val", TEST: "test" } as const;

const ZClassCounts = z.record(z.enum(DIAGNOSES), z.number().int().nonnegative());
/** Studies per split, and per disc level the labelled levels per split and class. */
export const ZSplitSummary = z.object({
  studies: z.record(z.enum(SPLITS), z.number().int().nonnegative()),
  levels: z.record(z.enum(DISC_LEVELS), z.record(z.enum(SPLITS), ZClassCounts)),
  /** Member studies whose labels could not be read under the version's label source. */
  unlabelled: z.number().int().nonnegative(),
});
export type TSplitSummary = z.infer<typeof ZSplitSummary>;

export interface TLabelledMember {
  split: "TRAIN" | "VAL" | "TEST";
  /** Level → diagnosis of the study's labels; null when the study could not be labelled. */
  diagnoses: ReadonlyMap<string, string> | null;
}

/**
 * Counts studies per split and, per disc level, the levels of each class in each split (every
 * level and class present, zeros included, so a class missing from a split shows as 0).
 */
export function summariseSplits(members: readonly TLabelledMember[]): TSplitSummary {
  const zeros = () => Object.fromEntries(DIAGNOSES.map((d) => [d, 0])) as Record<(typeof DIAGNOSES)[number], number>;
  const summary: TSplitSummary = {
    studies: { train: 0, val: 0, test: 0 },
    levels: Object.fromEntries(DISC_LEVELS.map((l) => [l, Object.fromEntries(SPLITS.map((s) => [s, zeros()]))])) as TSplitSummary["levels"],
    unlabelled: 0,
  };
  for (const m of members) {
    const split: TSplitName = SPLIT_OF[m.split];
    summary.studies[split] += 1;
    if (!m.diagnoses) {
      summary.unlabelled += 1;
      continue;
    }
    for (const [level, diagnosis] of m.diagnoses) {
      const counts = summary.levels[level as (typeof DISC_LEVELS)[number]]?.[split];
      if (counts && diagnosis in counts) counts[diagnosis as (typeof DIAGNOSES)[number]] += 1;
    }
  }
  return summary;
}

/**
 * The split summary of a dataset version under its own label source (study-labels.ts). A frozen
 * version's summary is computed once and kept in DatasetVersion.splitSummary; an unfrozen one is
 * computed on every call (its members or labels may still change).
 */
export async function datasetSplitSummary(datasetVersionId: string): Promise<TSplitSummary> {
  const version = await db().datasetVersion.findUnique({ where: { id: datasetVersionId }, include: { members: { select: { studyId: true, split: true } } } });
  if (!version) throw new AppError("NOT_FOUND", { userMessage: "This dataset version does not exist." });
  const kept = ZSplitSummary.safeParse(version.splitSummary);
  if (version.frozenAt && kept.success) return kept.data;
  const members: TLabelledMember[] = [];
  for (const m of version.members) {
    const labels = await studyLabels(version, m.studyId).catch(() => null);
    members.push({ split: m.split, diagnoses: labels ? new Map([...labels.diagnoses].map(([level, d]) => [level, d.diagnosis])) : null });
  }
  const summary = summariseSplits(members);
  if (version.frozenAt) await db().datasetVersion.update({ where: { id: version.id }, data: { splitSummary: summary as unknown as Prisma.InputJsonValue } });
  return summary;
}
