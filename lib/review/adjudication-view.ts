import { boxIou } from "../stats/box-iou";
import type { TDb, TTx } from "../db/client";
import { DISC_LEVELS, VERTEBRA_LABELS, type TDiagnosis, type TDiscLevel, type TVertebraLabel } from "../phantom/truth";
import { effectiveAnnotations } from "../annotations/effective-annotations";
import type { TLevelDiagnosisData, TSliceLevelData, TVertebraBoxData } from "../annotations/schemas";
import { signedReading } from "../supervision/current-readings";
import { VERTEBRA_MATCH_IOU } from "../supervision/compare-readings";

type TBox4 = [number, number, number, number];

/** One side of the adjudication: a signed blinded reading, its reader and its values. */
export interface TAdjudicationSide {
  readingId: string;
  role: "PRIMARY" | "SECOND";
  readerName: string | null;
}

/**
 * The two signed readings of a study in adjudication, side by side (issue 12.4): per level the
 * two diagnoses, per vertebra the two boxes (with their IoU), per axial slice the two levels,
 * each marked where they disagree (the same rules as lib/supervision's compareReadings).
 */
export interface TAdjudicationView {
  sides: [TAdjudicationSide, TAdjudicationSide];
  levels: Array<{ level: TDiscLevel; diagnoses: [TDiagnosis | null, TDiagnosis | null]; disagree: boolean }>;
  vertebrae: Array<{ label: TVertebraLabel; boxes: [TVertebraBoxData | null, TVertebraBoxData | null]; iou: number | null; disagree: boolean }>;
  slices: Array<{ sopInstanceUid: string; levels: [TDiscLevel | null, TDiscLevel | null]; disagree: boolean }>;
}

type TReadingRow = { id: string; role: string; status: string; amendsId: string | null; createdAt: Date; reader: { name: string } | null };

/** Builds the side-by-side view from the study's current signed PRIMARY and SECOND readings; null without both. */
export async function adjudicationView(client: TDb | TTx, readings: readonly TReadingRow[]): Promise<TAdjudicationView | null> {
  const primary = signedReading(readings as never[], "PRIMARY") as TReadingRow | null;
  const second = signedReading(readings as never[], "SECOND") as TReadingRow | null;
  if (!primary || !second) return null;
  const [a, b] = await Promise.all([effectiveAnnotations(primary.id, { client }), effectiveAnnotations(second.id, { client })]);
  const pick = <T>(list: typeof a, kind: string) => new Map(list.filter((x) => x.kind === kind).map((x) => [x.key, x.data as T]));
  const dxA = pick<TLevelDiagnosisData>(a, "LEVEL_DIAGNOSIS");
  const dxB = pick<TLevelDiagnosisData>(b, "LEVEL_DIAGNOSIS");
  const vA = pick<TVertebraBoxData>(a, "VERTEBRA_BOX");
  const vB = pick<TVertebraBoxData>(b, "VERTEBRA_BOX");
  const sA = pick<TSliceLevelData>(a, "SLICE_LEVEL");
  const sB = pick<TSliceLevelData>(b, "SLICE_LEVEL");
  const side = (r: TReadingRow, role: "PRIMARY" | "SECOND"): TAdjudicationSide => ({ readingId: r.id, role, readerName: r.reader?.name ?? null });
  return {
    sides: [side(primary, "PRIMARY"), side(second, "SECOND")],
    levels: DISC_LEVELS.map((level) => {
      const x = dxA.get(level)?.diagnosis ?? null;
      const y = dxB.get(level)?.diagnosis ?? null;
      return { level, diagnoses: [x, y] as [TDiagnosis | null, TDiagnosis | null], disagree: x !== y };
    }),
    vertebrae: VERTEBRA_LABELS.flatMap((label) => {
      const x = vA.get(label) ?? null;
      const y = vB.get(label) ?? null;
      if (!x && !y) return [];
      const iou = x && y && x.sopInstanceUid === y.sopInstanceUid ? boxIou(x.box as TBox4, y.box as TBox4) : null;
      return [{ label, boxes: [x, y] as [TVertebraBoxData | null, TVertebraBoxData | null], iou, disagree: iou === null || iou < VERTEBRA_MATCH_IOU }];
    }),
    slices: [...new Set([...sA.keys(), ...sB.keys()])].map((uid) => {
      const x = sA.get(uid)?.level ?? null;
      const y = sB.get(uid)?.level ?? null;
      return { sopInstanceUid: uid, levels: [x, y] as [TDiscLevel | null, TDiscLevel | null], disagree: x !== y };
    }),
  };
}
