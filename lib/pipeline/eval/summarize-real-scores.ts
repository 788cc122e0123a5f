import { DISC_LEVELS, type TDiscLevel, type TVertebraLabel } from "../../phantom/truth";
import { proportion } from "../../stats/wilson-interval";
import type { TProportion } from "../../stats/types";
import { mean } from "./metrics";
import type { RealStudyScore } from "./score-real-study";

const LUMBAR: readonly TVertebraLabel[] = ["L1", "L2", "L3", "L4", "L5"];

/** One source's table (a set, or all exams): the paper's rows that real labels allow, with n and Wilson 95% intervals. */
export interface RealEvalTable {
  /** "VB3", "VB1", "IVD" or "all". */
  source: string;
  exams: number;
  /** Step 1: labelled L1–L5 bodies identified (VERTEBRA_HIT_RULE); IoU of the box with the mask's bounding box. */
  vertebrae: TProportion & { iouMean: number | null };
  perVertebra: { label: TVertebraLabel; result: TProportion }[];
  /** S1 identified, where the exam labels it (VB1). */
  s1: TProportion;
  /** Exams with a labelled L1–L5 body in which every one was identified. */
  examsAllLumbar: TProportion;
  /** Step 2: axial images given the level of the disc they were cut through. */
  levels: TProportion;
  perLevel: { level: TDiscLevel; result: TProportion }[];
  /** Exams in which every axial image got its level. */
  examsAllLevels: TProportion;
  /** Exams by the pipeline's naming basis (`sacrum`: counted up from S1), and exams with a counting flag. */
  countingBasis: Record<string, number>;
  examsWithCountingFlags: number;
  meanAnalysisMs: number | null;
  meanBuildMs: number | null;
}

const count = <T>(items: readonly T[], hit: (t: T) => boolean) => proportion(items.filter(hit).length, items.length);

/** Adds exam scores up into one table (pure). Exams that failed to analyse are not in `scores`; the caller reports them. */
export function summarizeRealScores(source: string, scores: readonly RealStudyScore[]): RealEvalTable {
  const lumbar = scores.flatMap((s) => s.vertebrae.filter((v) => LUMBAR.includes(v.label)));
  const slices = scores.flatMap((s) => s.levels);
  const withLumbar = scores.filter((s) => s.vertebrae.some((v) => LUMBAR.includes(v.label)));
  const withSlices = scores.filter((s) => s.levels.length > 0);
  return {
    source,
    exams: scores.length,
    vertebrae: { ...count(lumbar, (v) => v.hit), iouMean: mean(lumbar.map((v) => v.iou)) },
    perVertebra: LUMBAR.map((label) => ({ label, result: count(lumbar.filter((v) => v.label === label), (v) => v.hit) })),
    s1: count(scores.flatMap((s) => s.vertebrae.filter((v) => v.label === "S1")), (v) => v.hit),
    examsAllLumbar: count(withLumbar, (s) => s.vertebrae.filter((v) => LUMBAR.includes(v.label)).every((v) => v.hit)),
    levels: count(slices, (l) => l.hit),
    perLevel: DISC_LEVELS.map((level) => ({ level, result: count(slices.filter((l) => l.level === level), (l) => l.hit) })),
    examsAllLevels: count(withSlices, (s) => s.levels.every((l) => l.hit)),
    countingBasis: scores.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.countingBasis ?? "unstated"]: (acc[s.countingBasis ?? "unstated"] ?? 0) + 1 }), {}),
    examsWithCountingFlags: scores.filter((s) => s.countingFlags.length > 0).length,
    meanAnalysisMs: mean(scores.map((s) => s.analysisMs)),
    meanBuildMs: mean(scores.map((s) => s.buildMs)),
  };
}
