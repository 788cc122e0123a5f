import type { TAnalysis } from "../analysis/schema";
import { DISC_LEVELS, type TDiagnosis, type TPhantomTruth } from "../phantom/truth";

/** Name and version of the stand-in "model" whose predictions are a phantom's ground truth. */
export const PHANTOM_TRUTH_MODEL = { id: "phantom-truth", version: "1" } as const;

function probabilitiesFor(diagnosis: TDiagnosis, confidence: number): { normal: number; bulge: number; herniation: number } {
  const rest = (1 - confidence) / 2;
  return { normal: diagnosis === "normal" ? confidence : rest, bulge: diagnosis === "bulge" ? confidence : rest, herniation: diagnosis === "herniation" ? confidence : rest };
}

/**
 * A discern.analysis/v1 document made from a phantom's truth.json, for demos and tests while the
 * trained models are absent: every prediction is the truth, labelled with the "phantom-truth"
 * model so that nobody mistakes it for a model output. Confidences vary by level so that sorting
 * by uncertainty has something to sort.
 */
export function analysisFromTruth(truth: TPhantomTruth): TAnalysis {
  const diagnosisOf = new Map(truth.levels.map((l) => [l.level, l.diagnosis]));
  const confidenceOf = (level: string) => 0.6 + 0.07 * DISC_LEVELS.indexOf(level as (typeof DISC_LEVELS)[number]) + ((truth.seed % 5) * 0.01);
  const axialSeries = [...new Set(truth.slices.map((s) => s.seriesInstanceUid))];
  return {
    schema: "discern.analysis/v1",
    studyInstanceUid: truth.studyInstanceUid,
    series: { sagittal: truth.sagittal.seriesInstanceUid, axial: axialSeries, ignored: truth.decoys.map((d) => ({ seriesInstanceUid: d.seriesInstanceUid, reason: d.kind })) },
    skippedFiles: [],
    vertebrae: truth.vertebrae.map((v) => ({ label: v.label, sopInstanceUid: truth.sagittal.midSopInstanceUid, box: v.box, score: 1, centerPatient: v.centerPatient })),
    slices: truth.slices.map((s) => ({
      sopInstanceUid: s.sopInstanceUid,
      seriesInstanceUid: s.seriesInstanceUid,
      level: s.level,
      distanceMm: s.distanceMm,
      flags: s.level && !s.atDisc ? ["off-disc"] : [],
    })),
    discs: truth.slices.flatMap((s) => {
      const diagnosis = s.level ? diagnosisOf.get(s.level) : undefined;
      if (!s.level || !s.roi || !s.atDisc || !diagnosis) return [];
      return [{ sopInstanceUid: s.sopInstanceUid, level: s.level, roi: s.roi, score: 1, diagnosis, probabilities: probabilitiesFor(diagnosis, confidenceOf(s.level)) }];
    }),
    levels: truth.levels.map((l) => ({
      level: l.level,
      diagnosis: l.diagnosis,
      probabilities: probabilitiesFor(l.diagnosis, confidenceOf(l.level)),
      sopInstanceUids: truth.slices.filter((s) => s.level === l.level && s.atDisc).map((s) => s.sopInstanceUid),
    })),
    models: [PHANTOM_TRUTH_MODEL],
    device: "none",
    timingsMs: { total: 0 },
  };
}
