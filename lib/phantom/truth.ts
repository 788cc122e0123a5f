import { z } from "zod";

/**
 * The ground truth written beside every synthetic study as `truth.json`. The training code in
 * models/ and `discern eval` read it; keep it backward compatible (add fields, never rename).
 * Boxes are `[x0, y0, x1, y1]` in the named image's pixels (x = column, y = row, origin at the
 * top-left pixel's corner, x1/y1 exclusive); points are LPS millimetres.
 */
export const VERTEBRA_LABELS = ["L1", "L2", "L3", "L4", "L5", "S1"] as const;
export const DISC_LEVELS = ["L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1"] as const;
export const DIAGNOSES = ["normal", "bulge", "herniation"] as const;

export const ZVertebraLabel = z.enum(VERTEBRA_LABELS);
export const ZDiscLevel = z.enum(DISC_LEVELS);
export const ZDiagnosis = z.enum(DIAGNOSES);
export const ZVec3 = z.tuple([z.number(), z.number(), z.number()]);
export const ZBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export type TVertebraLabel = z.infer<typeof ZVertebraLabel>;
export type TDiscLevel = z.infer<typeof ZDiscLevel>;
export type TDiagnosis = z.infer<typeof ZDiagnosis>;

export const ZPhantomTruth = z.object({
  schema: z.literal("discern.phantom-truth/v1"),
  seed: z.number().int(),
  variant: z.string(),
  studyInstanceUid: z.string(),
  /** The T2 sagittal series and its mid-sagittal image (where the vertebra boxes are drawn). */
  sagittal: z.object({
    seriesInstanceUid: z.string(),
    midSopInstanceUid: z.string(),
    midFile: z.string(),
  }),
  /** Only the vertebrae inside the sagittal field of view are listed (partial coverage). */
  vertebrae: z.array(
    z.object({
      label: ZVertebraLabel,
      centerPatient: ZVec3,
      /** Box of the vertebral body in the mid-sagittal image. */
      box: ZBox,
    }),
  ),
  /** Every axial T2 slice of every stack. */
  slices: z.array(
    z.object({
      sopInstanceUid: z.string(),
      seriesInstanceUid: z.string(),
      /** Path of the file relative to the study folder. */
      file: z.string(),
      /** null above L1, below S1, or inside a vertebral body rather than a disc. */
      level: ZDiscLevel.nullable(),
      /** Signed distance from the slice plane to that disc's centre, mm; null with level null. */
      distanceMm: z.number().nullable(),
      /** Whether the plane cuts the disc itself (the slices the classifier is trained on). */
      atDisc: z.boolean(),
      /** Disc ROI box in this slice (generous: disc and canal), null when the slice misses the disc. */
      roi: ZBox.nullable(),
    }),
  ),
  levels: z.array(z.object({ level: ZDiscLevel, diagnosis: ZDiagnosis })),
  /** Series that analysis must ignore (T1, localisers), with why. */
  decoys: z.array(z.object({ seriesInstanceUid: z.string(), kind: z.string() })),
  /** Optional: the acquisition choices the variant resolved to (what "mixed" drew), for per-variant scoring. */
  acquisition: z
    .object({
      axialLayout: z.enum(["per-stack", "single"]),
      sliceOrder: z.enum(["caudal-first", "cranial-first"]),
      flipRows: z.boolean(),
      flipColumns: z.boolean(),
      patientPosition: z.enum(["HFS", "FFS"]),
      coverage: z.enum(["full", "lower-axials", "lower-sagittal"]),
      decoys: z.boolean(),
      transferSyntax: z.enum(["explicit", "implicit"]),
      angulationJitterDeg: z.number(),
      sagittalMatrix: z.tuple([z.number().int(), z.number().int()]),
      axialMatrix: z.tuple([z.number().int(), z.number().int()]),
    })
    .optional(),
});

export type TPhantomTruth = z.infer<typeof ZPhantomTruth>;
