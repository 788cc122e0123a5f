import type { TDiscRoiData, TLevelDiagnosisData, TSliceLevelData, TVertebraBoxData } from "../../annotations/schemas";
import type { TDiscLevel } from "../../phantom/truth";
import type { TEvalTruth } from "./score-study";

/** The human labels of one study as lib/datasets' studyLabels gives them (annotation data by kind). */
export interface TLabelSet {
  vertebrae: readonly TVertebraBoxData[];
  slices: readonly TSliceLevelData[];
  rois: ReadonlyMap<string, TDiscRoiData>;
  diagnoses: ReadonlyMap<string, TLevelDiagnosisData>;
}

/**
 * A study's signed labels as the reference scoreStudy reads (pure): the reader's vertebra boxes;
 * every axial slice the reader gave a level, scored for level when not flagged `off-disc`
 * (the same slices the paper's level and ROI steps are judged on), with the reader's ROI on that
 * slice when there is one; the reader's diagnosis per level. `index` stands in for a phantom seed.
 */
export function truthFromLabels(labels: TLabelSet, index: number): TEvalTruth {
  return {
    seed: index,
    vertebrae: labels.vertebrae.map((v) => ({ label: v.label, box: v.box })),
    slices: labels.slices.flatMap((s) =>
      s.level === null ? [] : [{ sopInstanceUid: s.sopInstanceUid, level: s.level, atDisc: !s.flags.includes("off-disc"), roi: labels.rois.get(s.sopInstanceUid)?.box ?? null }],
    ),
    levels: [...labels.diagnoses.values()].map((d) => ({ level: d.level as TDiscLevel, diagnosis: d.diagnosis })),
  };
}
