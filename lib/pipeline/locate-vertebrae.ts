import type { TAnalysisCounting } from "../analysis/schema";
import type { Box, ImageGeometry } from "../dicom/types";
import { planeNormal } from "../geometry/plane-normal";
import type { Detection } from "../inference/decode";
import type { DetectionOutputs } from "../inference/detection-task";
import type { InferResult, InferTask } from "../inference/infer-task";
import type { TModelManifest } from "../inference/manifest";
import type { GreyFrame } from "../inference/preprocess";
import { VERTEBRA_LABELS, type TVertebraLabel } from "../phantom/truth";
import { canonicalSagittal } from "./canonical-sagittal";
import { clipBox } from "./clip-box";
import { countVertebrae, type TCountingFlag } from "./count-vertebrae";
import { pickVertebrae } from "./pick-vertebrae";
import { sagittalNeighbours } from "./sagittal-neighbours";
import { spineBodyFromBox } from "./spine-body";

/** One image of the selected sagittal T2 series. */
export interface SagittalImage {
  sopInstanceUid: string;
  /** 0-based frame of an enhanced multi-frame object; absent for single-frame images. */
  frameIndex?: number;
  geometry: ImageGeometry;
}

export interface LocatedVertebra {
  label: TVertebraLabel;
  sopInstanceUid: string;
  frameIndex?: number;
  box: Box;
  score: number;
  flags: TCountingFlag[];
}

export interface LocateVertebraeResult {
  vertebrae: LocatedVertebra[];
  /** How the vertebrae were named: counted from the sacrum (v0.2 detector), by appearance (v0.1), or not at all. */
  basis: "sacrum" | "appearance" | "none";
  counting: TAnalysisCounting;
  /** Named vertebrae under the low-score threshold. */
  lowScore: TVertebraLabel[];
  /** Sentences for the warnings list. */
  warnings: string[];
  inference: InferResult<DetectionOutputs>;
}

export interface LocateVertebraeOptions<I extends SagittalImage> {
  images: readonly I[];
  decode: (image: I) => Promise<GreyFrame>;
  task: InferTask<GreyFrame[], DetectionOutputs>;
  manifest: TModelManifest;
  /** Sagittal images on each side of the middle one that a counting detector also reads (default 2). */
  neighbours?: number;
  /** Boxes under this score are "low-score" (default 0.5). */
  lowScore?: number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const roundBox = (b: Box): Box => [r2(b[0]), r2(b[1]), r2(b[2]), r2(b[3])];
const frameOf = (i: SagittalImage) => (i.frameIndex === undefined ? {} : { frameIndex: i.frameIndex });

/** Whether a (clipped) box reaches within one pixel of the image border. */
function touchesBorder(box: Box, frame: GreyFrame): boolean {
  return box[0] <= 1 || box[1] <= 1 || box[2] >= frame.width - 1 || box[3] >= frame.height - 1;
}

/** Detections clipped to their image; degenerate boxes are dropped. */
function clip(detections: readonly Detection[], frame: GreyFrame): Detection[] {
  return detections.flatMap((d) => {
    const box = clipBox(d.box, frame.width, frame.height);
    return box ? [{ ...d, box }] : [];
  });
}

/**
 * Step 1: the vertebral bodies L1–S1 on the sagittal T2 series, named.
 * - A counting detector (manifest `output.assignment.method` "count-from-sacrum", labels
 *   "vertebra" and "sacrum") reads the mid-sagittal image and `neighbours` images on each side in
 *   one batch (one session.run), each shown head up and anterior left (canonicalSagittal), so a
 *   body the midline misses (scoliosis, a narrow canal) is still seen; the boxes become
 *   patient-space bodies and countVertebrae names them up from S1. Each named body keeps the box
 *   of the image closest to the middle.
 * - An appearance detector (v0.1, labels L1..S1) reads the mid image only; pickVertebrae keeps
 *   one box per label in anatomical order (basis "appearance").
 * Throws INVALID_INPUT (via the caller) when there is no sagittal image: `images` must not be empty.
 */
export async function locateVertebrae<I extends SagittalImage>(options: LocateVertebraeOptions<I>): Promise<LocateVertebraeResult> {
  const lowScore = options.lowScore ?? 0.5;
  const output = options.manifest.output;
  const counting = output.format === "centernet" && output.assignment?.method === "count-from-sacrum";
  const picked = sagittalNeighbours(options.images, counting ? (options.neighbours ?? 2) : 0);
  const mid = picked[0];
  if (!mid) throw new RangeError("locateVertebrae needs at least one sagittal image");
  const frames = await Promise.all(picked.map((p) => options.decode(p.image)));
  // A counting detector sees every image head up, anterior left (the display it was trained
  // on); its boxes come back to each image's own pixels before anything else reads them.
  const views = counting ? frames.map((f, n) => canonicalSagittal(f, picked[n]!.image.geometry)) : null;
  const inference = await options.task.run(views ? views.map((v) => v.frame) : frames);
  if (views) inference.outputs = inference.outputs.map((found, n) => found.map((d) => ({ ...d, box: views[n]!.toSource(d.box) })));

  if (!counting) {
    const pick = pickVertebrae(clip(inference.outputs[0] ?? [], frames[0]!), mid.image.geometry, { lowScore });
    return {
      vertebrae: pick.vertebrae.map((v) => ({ label: v.label, sopInstanceUid: mid.image.sopInstanceUid, ...frameOf(mid.image), box: roundBox(v.box), score: r4(v.score), flags: [] })),
      basis: "appearance",
      counting: { basis: "appearance", flags: [], notes: ["Levels named by the detector's reading of each body's appearance (not counted)."], inferred: [], bodies: [] },
      lowScore: pick.lowScore,
      warnings: pick.missing.length > 0 ? [`No box for ${pick.missing.join(", ")} on the mid-sagittal image.`] : [],
      inference,
    };
  }

  const bodies = picked.flatMap((p, n) =>
    clip(inference.outputs[n] ?? [], frames[n]!).flatMap((d) =>
      d.label === "vertebra" || d.label === "sacrum"
        ? [spineBodyFromBox(p.image.geometry, d.box, { kind: d.label, score: d.score, sliceOffset: p.offset, partial: touchesBorder(d.box, frames[n]!), ref: { image: p.image, box: d.box } })]
        : [],
    ),
  );
  // A sacrum box under the detector's general threshold got through only by its lower per-label
  // one (scoreThresholdByLabel): confident means the general threshold.
  const confidentSacrumScore = output.format === "centernet" ? output.scoreThreshold : undefined;
  const count = countVertebrae(bodies, { normal: planeNormal(mid.image.geometry), ...(confidentSacrumScore === undefined ? {} : { confidentSacrumScore }) });
  const flagsOf = (label: string): TCountingFlag[] => [
    ...(count.flags.includes("counting-uncertain") ? (["counting-uncertain"] as const) : []),
    ...(count.flags.includes("transitional-vertebra-suspected") && (label === "L5" || label === "S1") ? (["transitional-vertebra-suspected"] as const) : []),
  ];
  const named = count.basis === "sacrum" ? count.bodies.filter((b) => (VERTEBRA_LABELS as readonly string[]).includes(b.name ?? "")) : [];
  const vertebrae = named
    .map((b) => ({ label: b.name as TVertebraLabel, sopInstanceUid: b.ref.image.sopInstanceUid, ...frameOf(b.ref.image), box: roundBox(b.ref.box), score: r4(b.score), flags: flagsOf(b.name!) }))
    .sort((a, b) => VERTEBRA_LABELS.indexOf(a.label) - VERTEBRA_LABELS.indexOf(b.label));
  const found = new Set(vertebrae.map((v) => v.label));
  const missing = VERTEBRA_LABELS.filter((l) => !found.has(l));
  const above = count.basis === "sacrum" ? count.bodies.filter((b) => b.name !== null && !found.has(b.name as TVertebraLabel)).length : 0;
  return {
    vertebrae,
    basis: count.basis,
    counting: {
      basis: count.basis,
      flags: count.flags,
      notes: [...(count.basis === "sacrum" ? [`Levels counted from the sacrum${above > 0 ? ` (${above} bod${above === 1 ? "y" : "ies"} above L1 in view)` : ""}.`] : []), ...count.notes],
      inferred: count.inferred,
      bodies: [...count.bodies, ...count.belowSacrum].map((b) => ({
        kind: b.kind,
        name: b.name,
        sopInstanceUid: b.ref.image.sopInstanceUid,
        ...frameOf(b.ref.image),
        box: roundBox(b.ref.box),
        score: r4(b.score),
        centerPatient: [r2(b.center[0]), r2(b.center[1]), r2(b.center[2])],
      })),
    },
    lowScore: vertebrae.filter((v) => v.score < lowScore).map((v) => v.label),
    warnings: count.basis === "sacrum" && missing.length > 0 ? [`No box for ${missing.join(", ")} on the sagittal images.`] : count.basis === "none" ? [count.notes[0]!] : [],
    inference,
  };
}
