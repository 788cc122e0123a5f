import type { TAnalysis } from "../analysis/schema";
import { boxIou } from "../geometry/box-iou";

/** How one study's AI result differs between two model sets. */
export interface TStudyChange {
  /** Position of the study in the compared split (1-based) and its discern id (no patient data). */
  index: number;
  studyId: string;
  /** Levels whose diagnosis differs, with the signed diagnosis when the labels have one. */
  levels: Array<{ level: string; a: string | null; b: string | null; signed: string | null }>;
  /** Vertebra labels found by one side only, or whose boxes overlap by IoU < 0.5 between the sides. */
  vertebrae: string[];
  /** Axial slices whose disc ROI is on one side only or moved (IoU < 0.5 between the sides). */
  rois: number;
}

const MOVED_IOU = 0.5;

/**
 * The differences between two analyses of the same study (pure), or null when they agree on
 * every level's diagnosis, every vertebra label and box, and every ROI.
 */
export function studyChange(index: number, studyId: string, a: TAnalysis, b: TAnalysis, signed: ReadonlyMap<string, string>): TStudyChange | null {
  const levelsA = new Map(a.levels.map((l) => [l.level as string, l.diagnosis as string]));
  const levelsB = new Map(b.levels.map((l) => [l.level as string, l.diagnosis as string]));
  const levels = [...new Set([...levelsA.keys(), ...levelsB.keys()])]
    .sort()
    .filter((level) => levelsA.get(level) !== levelsB.get(level))
    .map((level) => ({ level, a: levelsA.get(level) ?? null, b: levelsB.get(level) ?? null, signed: signed.get(level) ?? null }));
  const boxesA = new Map(a.vertebrae.map((v) => [v.label as string, v.box]));
  const boxesB = new Map(b.vertebrae.map((v) => [v.label as string, v.box]));
  const vertebrae = [...new Set([...boxesA.keys(), ...boxesB.keys()])].sort().filter((label) => {
    const x = boxesA.get(label);
    const y = boxesB.get(label);
    return !x || !y || boxIou(x, y) < MOVED_IOU;
  });
  const roisA = new Map(a.discs.map((d) => [d.sopInstanceUid, d.roi]));
  const roisB = new Map(b.discs.map((d) => [d.sopInstanceUid, d.roi]));
  const rois = [...new Set([...roisA.keys(), ...roisB.keys()])].filter((sop) => {
    const x = roisA.get(sop);
    const y = roisB.get(sop);
    return !x || !y || boxIou(x, y) < MOVED_IOU;
  }).length;
  if (levels.length === 0 && vertebrae.length === 0 && rois === 0) return null;
  return { index, studyId, levels, vertebrae, rois };
}
