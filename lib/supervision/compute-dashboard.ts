import { bootstrapInterval, boxIou, correctionRates, proportion, type TInterval, type TProportion, distributionSummary, fleissKappa, histogram, ratingCounts, type TCorrectionItem, type TCorrectionRate, type TDistributionSummary, type TFleissKappa, type THistogramBin } from "../stats";
import { DIAGNOSES, DISC_LEVELS, type TDiagnosis, type TDiscLevel } from "../phantom/truth";
import { gateKappa, type TGatedKappa } from "./kappa-gate";
import { levelBlock, type TLevelBlock } from "./level-block";
import { vocabularyBlock, vocabularyLabel, type TVocabularyBlock } from "./vocabulary-block";
import type { TStatsReading, TStatsReadingLabels, TStatsStudy } from "./stats-input";

/** The model counts as confident at this top-class probability (label-noise queue). */
export const CONFIDENT_PROBABILITY = 0.9;

export interface TIouDistribution {
  summary: TDistributionSummary;
  /** Seeded percentile-bootstrap 95% interval of the mean IoU; null without values. */
  meanCi: TInterval | null;
  histogram: THistogramBin[];
}

export interface TLabelNoiseItem {
  studyId: string;
  level: TDiscLevel;
  aiDiagnosis: TDiagnosis;
  probability: number;
  finalDiagnosis: TDiagnosis;
  modelVersion: string | null;
}

export interface TDashboard {
  levels: string[];
  counts: { studies: number; withAi: number; withFinal: number; doubleRead: number; adjudicated: number };
  /** The paper's table and Figure 4: AI (columns) against the final label (rows), per level and ALL. */
  aiVsFinal: TLevelBlock[];
  /** PRIMARY (rows) against SECOND (columns) on double-read studies. */
  readerVsReader: TLevelBlock[];
  /** The same pairs at the full vocabulary's granularity (herniation split by type; issue 16.2). */
  readerVsReaderVocabulary: TVocabularyBlock[];
  /** Each reader (rows) against the AI (columns). */
  readerVsAi: Array<{ readerId: string; readerName: string; blocks: TLevelBlock[] }>;
  /**
   * Fleiss' κ over every (study, level) with at least two signed human ratings (PRIMARY, SECOND,
   * ADJUDICATION: double reads and adjudicated ones alike, not only adjudicated studies);
   * withheld below MIN_KAPPA_SUBJECTS subjects.
   */
  fleiss: Array<{ level: string } & TGatedKappa<TFleissKappa>>;
  iou: { vertebraAiVsFinal: TIouDistribution; roiAiVsFinal: TIouDistribution; vertebraReaderVsReader: TIouDistribution; roiReaderVsReader: TIouDistribution };
  /** Per model version: label flips and box moves (IoU < 0.9 or removed) by human readers. */
  corrections: TCorrectionRate[];
  labelNoise: TLabelNoiseItem[];
  /** Queue length over the (study, level) pairs with both an AI and a final label. */
  labelNoiseRate: TProportion;
}

export interface ComputeDashboardOptions {
  /** Restrict level-wise numbers to one level. */
  level?: TDiscLevel;
  /** Restrict reader-specific numbers (reader vs AI, reader vs reader, corrections) to one reader. */
  readerId?: string;
}

/**
 * All dashboard numbers from plain study data (pure; lib/supervision/collect-stats reads the
 * database). Every proportion carries a Wilson 95% interval, Cohen's κ the analytic FCE (1969)
 * one, Fleiss' κ a seeded bootstrap one.
 */
export function computeDashboard(studies: readonly TStatsStudy[], options: ComputeDashboardOptions = {}): TDashboard {
  const levels: TDiscLevel[] = options.level ? [options.level] : [...DISC_LEVELS];
  const byLevel = <T>(collect: (level: TDiscLevel) => T[]) => {
    const per = levels.map((level) => ({ level: level as string, items: collect(level) }));
    return [...per, { level: "ALL", items: per.flatMap((p) => p.items) }];
  };
  const reader = (r: TStatsReading) => !options.readerId || r.readerId === options.readerId;
  const roleOf = (s: TStatsStudy, role: string) => s.readings.find((r) => r.role === role) ?? null;
  const pairOf = (s: TStatsStudy) => {
    const a = roleOf(s, "PRIMARY");
    const b = roleOf(s, "SECOND");
    return s.design === "DOUBLE_BLINDED" && a && b && (reader(a) || reader(b)) ? ([a, b] as const) : null;
  };

  const aiVsFinal = byLevel((level) =>
    studies.flatMap((s) => {
      const f = s.final?.levels[level];
      const ai = s.ai?.levels[level]?.diagnosis;
      return f && ai ? [[f, ai] as const] : [];
    }),
  ).map(({ level, items }) => levelBlock(level, items));

  const readerVsReader = byLevel((level) =>
    studies.flatMap((s) => {
      const pair = pairOf(s);
      const a = pair?.[0].levels[level]?.diagnosis;
      const b = pair?.[1].levels[level]?.diagnosis;
      return a && b ? [[a, b] as const] : [];
    }),
  ).map(({ level, items }) => levelBlock(level, items));

  const readerVsReaderVocabulary = byLevel((level) =>
    studies.flatMap((s) => {
      const pair = pairOf(s);
      const a = pair?.[0].levels[level];
      const b = pair?.[1].levels[level];
      return a && b ? [[vocabularyLabel(a), vocabularyLabel(b)] as const] : [];
    }),
  ).map(({ level, items }) => vocabularyBlock(level, items));

  const readers = new Map<string, string>();
  for (const s of studies) for (const r of s.readings) if (reader(r)) readers.set(r.readerId, r.readerName);
  const readerVsAi = [...readers.entries()]
    .sort(([, a], [, b]) => a.localeCompare(b))
    .map(([readerId, readerName]) => ({
      readerId,
      readerName,
      blocks: byLevel((level) =>
        studies.flatMap((s) =>
          s.readings.flatMap((r) => {
            const h = r.readerId === readerId ? r.levels[level]?.diagnosis : undefined;
            const ai = s.ai?.levels[level]?.diagnosis;
            return h && ai ? [[h, ai] as const] : [];
          }),
        ),
      ).map(({ level, items }) => levelBlock(level, items)),
    }));

  const fleiss = byLevel((level) =>
    studies.flatMap((s) => {
      const labels = ["PRIMARY", "SECOND", "ADJUDICATION"].map((role) => roleOf(s, role)?.levels[level]?.diagnosis).filter((l): l is TDiagnosis => l !== undefined);
      return labels.length >= 2 ? [labels] : [];
    }),
  )
    .filter(({ items }) => items.length > 0)
    .map(({ level, items }) => ({ level, ...gateKappa(fleissKappa(ratingCounts(items, DIAGNOSES)), items.length, "(study, level) subjects") }));

  const iou = {
    vertebraAiVsFinal: distribution(studies.flatMap((s) => boxPairs(s.ai, finalReading(s), "vertebrae"))),
    roiAiVsFinal: distribution(studies.flatMap((s) => boxPairs(s.ai, finalReading(s), "rois", options.level))),
    vertebraReaderVsReader: distribution(studies.flatMap((s) => boxPairs(pairOf(s)?.[0] ?? null, pairOf(s)?.[1] ?? null, "vertebrae"))),
    roiReaderVsReader: distribution(studies.flatMap((s) => boxPairs(pairOf(s)?.[0] ?? null, pairOf(s)?.[1] ?? null, "rois", options.level))),
  };

  const items: TCorrectionItem[] = [];
  for (const s of studies) {
    for (const r of s.readings.filter(reader)) {
      // Credited to the model version the reader actually corrected (the AI reading frozen with
      // their signature), not to whichever model ran last.
      const basis = r.basis ?? s.ai;
      if (!basis) continue;
      for (const level of levels) {
        const ai = basis.levels[level];
        const human = r.levels[level];
        if (ai && human) items.push({ modelVersion: ai.modelVersion ?? "unknown", kind: "label", ai: ai.diagnosis, human: human.diagnosis });
      }
      for (const kind of ["vertebrae", "rois"] as const) {
        for (const [key, ai] of Object.entries(basis[kind]) as Array<[string, { box: [number, number, number, number]; level?: TDiscLevel | null; modelVersion: string | null }]>) {
          if (kind === "rois" && options.level && ai.level !== options.level) continue;
          const human = (r[kind] as Record<string, { box: [number, number, number, number] }>)[key];
          // A box the reader removed counts as moved: the model's box was wrong.
          items.push({ modelVersion: ai.modelVersion ?? "unknown", kind: "box", ai: ai.box, human: human?.box ?? [0, 0, 0, 0] });
        }
      }
    }
  }

  const labelNoise: TLabelNoiseItem[] = [];
  let labelled = 0;
  for (const s of studies) {
    for (const level of levels) {
      const ai = s.ai?.levels[level];
      const final = s.final?.levels[level];
      if (ai && final) labelled += 1;
      const probability = ai?.probabilities?.[ai.diagnosis];
      if (ai && final && probability !== undefined && probability >= CONFIDENT_PROBABILITY && ai.diagnosis !== final) {
        labelNoise.push({ studyId: s.studyId, level, aiDiagnosis: ai.diagnosis, probability, finalDiagnosis: final, modelVersion: ai.modelVersion });
      }
    }
  }
  labelNoise.sort((a, b) => b.probability - a.probability || a.studyId.localeCompare(b.studyId));

  return {
    levels: [...levels, "ALL"],
    counts: {
      studies: studies.length,
      withAi: studies.filter((s) => s.ai).length,
      withFinal: studies.filter((s) => s.final).length,
      doubleRead: studies.filter((s) => pairOf(s)).length,
      adjudicated: studies.filter((s) => s.final?.basis === "ADJUDICATION").length,
    },
    aiVsFinal,
    readerVsReader,
    readerVsReaderVocabulary,
    readerVsAi,
    fleiss,
    iou,
    corrections: correctionRates(items),
    labelNoise,
    labelNoiseRate: proportion(labelNoise.length, labelled),
  };
}

function finalReading(s: TStatsStudy): TStatsReadingLabels | null {
  return s.final ? (s.readings.find((r) => r.readingId === s.final?.readingId) ?? null) : null;
}

function boxPairs(a: TStatsReadingLabels | null, b: TStatsReadingLabels | null, kind: "vertebrae" | "rois", level?: TDiscLevel): number[] {
  if (!a || !b) return [];
  const left = a[kind] as Record<string, { box: [number, number, number, number]; level?: TDiscLevel | null; sopInstanceUid?: string }>;
  const right = b[kind] as Record<string, { box: [number, number, number, number]; sopInstanceUid?: string }>;
  return Object.entries(left).flatMap(([key, x]) => {
    const y = right[key];
    if (!y || (level && x.level !== level) || x.sopInstanceUid !== y.sopInstanceUid) return [];
    return [boxIou(x.box, y.box)];
  });
}

function distribution(values: number[]): TIouDistribution {
  const meanOf = (indices: number[]) => indices.reduce((sum, i) => sum + values[i]!, 0) / indices.length;
  return { summary: distributionSummary(values), meanCi: bootstrapInterval(values.length, meanOf, { resamples: 1000 }), histogram: histogram(values, 10) };
}
