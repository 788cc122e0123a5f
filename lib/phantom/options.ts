import type { TDiagnosis, TDiscLevel } from "./truth";
import { DISC_LEVELS } from "./truth";
import type { Rng } from "./prng";

/** Acquisition choices a real scanner or operator makes; every variant is a setting of these. */
export interface PhantomOptions {
  variant: string;
  /** One series per disc stack, or every stack in one axial series. */
  axialLayout: "per-stack" | "single";
  /** Acquisition (instance-number) order of axial slices and stacks: caudal→cranial or cranial→caudal. */
  sliceOrder: "caudal-first" | "cranial-first";
  /** Flip the row and/or column direction of every image (IPP moves to the new top-left pixel). */
  flipRows: boolean;
  flipColumns: boolean;
  patientPosition: "HFS" | "FFS";
  sagittal: { rows: number; columns: number; fovRowMm: number; fovColumnMm: number; thicknessMm: number; gapMm: number; count: 13 | 15 };
  axial: { rows: number; columns: number; fovRowMm: number; fovColumnMm: number; thicknessMm: number; gapMm: number; minSlices: number; maxSlices: number };
  /** Standard deviation, in degrees, of each stack's deviation from its disc plane. */
  angulationJitterDeg: number;
  coverage: "full" | "lower-axials" | "lower-sagittal";
  decoys: boolean;
  transferSyntax: "explicit" | "implicit";
  /** Per level: probabilities of normal, bulge, herniation (normalised on use). */
  classMix: Record<TDiscLevel, [number, number, number]>;
  /** Optional pathology forced per level (tests, pictures). */
  forceDiagnosis?: Partial<Record<TDiscLevel, TDiagnosis>>;
}

/**
 * Default mix per level: prevalence rises caudally, and the five levels average to the paper's
 * Table 1 (1885 normal / 1096 bulge / 574 herniation of 3555 images: 53.0 / 30.8 / 16.1 %).
 */
export const DEFAULT_CLASS_MIX: Record<TDiscLevel, [number, number, number]> = {
  "L1-L2": [0.72, 0.2, 0.08],
  "L2-L3": [0.62, 0.27, 0.11],
  "L3-L4": [0.52, 0.33, 0.15],
  "L4-L5": [0.4, 0.36, 0.24],
  "L5-S1": [0.39, 0.38, 0.23],
};

export const VARIANTS = [
  "standard",
  "single-series",
  "reversed-order",
  "flipped-axes",
  "feet-first",
  "resolution",
  "thick-slices",
  "partial-coverage",
  "decoys",
  "implicit-vr",
  "angulation",
  "mixed",
] as const;
export type TVariant = (typeof VARIANTS)[number];

export function isVariant(name: string): name is TVariant {
  return (VARIANTS as readonly string[]).includes(name);
}

export function standardOptions(): PhantomOptions {
  return {
    variant: "standard",
    axialLayout: "per-stack",
    sliceOrder: "caudal-first",
    flipRows: false,
    flipColumns: false,
    patientPosition: "HFS",
    sagittal: { rows: 320, columns: 320, fovRowMm: 300, fovColumnMm: 300, thicknessMm: 4, gapMm: 0.4, count: 15 },
    axial: { rows: 256, columns: 256, fovRowMm: 200, fovColumnMm: 200, thicknessMm: 4, gapMm: 0.4, minSlices: 3, maxSlices: 5 },
    angulationJitterDeg: 1.5,
    coverage: "full",
    decoys: false,
    transferSyntax: "explicit",
    classMix: { ...DEFAULT_CLASS_MIX },
  };
}

type Tweak = (o: PhantomOptions, rng: Rng) => void;

const TWEAKS: Record<Exclude<TVariant, "standard" | "mixed">, Tweak> = {
  "single-series": (o) => void (o.axialLayout = "single"),
  "reversed-order": (o) => void (o.sliceOrder = "cranial-first"),
  "flipped-axes": (o, rng) => {
    const which = rng.int(0, 2);
    o.flipRows = which !== 1;
    o.flipColumns = which !== 0;
  },
  "feet-first": (o) => void (o.patientPosition = "FFS"),
  resolution: (o, rng) => {
    const sag = rng.pick([
      [384, 384, 300, 300],
      [448, 448, 320, 320],
      [320, 256, 300, 240],
      [256, 256, 280, 280],
    ] as const);
    o.sagittal = { ...o.sagittal, rows: sag[0], columns: sag[1], fovRowMm: sag[2], fovColumnMm: sag[3] };
    const ax = rng.pick([
      [320, 320, 180, 180],
      [384, 384, 220, 220],
      [224, 256, 176, 220],
      [256, 320, 200, 230],
    ] as const);
    o.axial = { ...o.axial, rows: ax[0], columns: ax[1], fovRowMm: ax[2], fovColumnMm: ax[3] };
  },
  "thick-slices": (o, rng) => {
    o.sagittal = { ...o.sagittal, thicknessMm: rng.pick([3, 5]), gapMm: rng.pick([0.3, 1]) };
    o.axial = { ...o.axial, thicknessMm: rng.pick([3, 5]), gapMm: rng.pick([0, 0.5, 1]) };
  },
  "partial-coverage": (o, rng) => void (o.coverage = rng.chance(0.5) ? "lower-axials" : "lower-sagittal"),
  decoys: (o) => void (o.decoys = true),
  "implicit-vr": (o) => void (o.transferSyntax = "implicit"),
  angulation: (o) => void (o.angulationJitterDeg = 5),
};

/**
 * Options for a named variant. "mixed" (the default) draws each choice at random from the seed,
 * so a few hundred seeds cover every combination real scanners produce.
 */
export function resolveOptions(variant: TVariant, rng: Rng): PhantomOptions {
  const options = standardOptions();
  options.variant = variant;
  options.sagittal.count = rng.chance(0.5) ? 13 : 15;
  if (variant === "standard") return options;
  if (variant !== "mixed") {
    TWEAKS[variant](options, rng);
    return options;
  }
  for (const [name, tweak] of Object.entries(TWEAKS)) {
    const p = name === "partial-coverage" ? 0.2 : name === "resolution" ? 0.35 : 0.3;
    if (rng.chance(p)) tweak(options, rng);
  }
  return options;
}

/** Draws one diagnosis per level from the options' class mix. */
export function drawDiagnoses(options: PhantomOptions, rng: Rng): Record<TDiscLevel, TDiagnosis> {
  const result = {} as Record<TDiscLevel, TDiagnosis>;
  for (const level of DISC_LEVELS) {
    const forced = options.forceDiagnosis?.[level];
    const [n, b, h] = options.classMix[level];
    const u = rng.next() * (n + b + h);
    result[level] = forced ?? (u < n ? "normal" : u < n + b ? "bulge" : "herniation");
  }
  return result;
}
