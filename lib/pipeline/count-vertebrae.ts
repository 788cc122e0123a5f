import type { Vec3 } from "../dicom/types";
import { dot, norm, normalize, sub } from "../geometry/vec3";
import { fuseBodies, type FusedBody } from "./fuse-bodies";
import { inPlane, spineAxis } from "./spine-axis";
import type { SpineBody } from "./spine-body";
import { transitionalSigns } from "./transitional-signs";

/** Flags a reader must see about the count (issue 11). */
export type TCountingFlag = "counting-uncertain" | "transitional-vertebra-suspected";

export interface CountedBody<TRef> extends FusedBody<TRef> {
  /** S1, L5 … L1, T12 … T1 by counting up from the sacrum; null when not counted. */
  name: string | null;
  /** Position along the spine axis, mm, head positive (differences are what matter). */
  axisMm: number;
}

export interface VertebraCount<TRef> {
  /** "sacrum": named by counting up from S1; "none": no sacrum, nothing named. */
  basis: "sacrum" | "none";
  /** S1 first, then every body above it in order (without a sacrum: lowest first, unnamed). */
  bodies: CountedBody<TRef>[];
  /** Bodies caudal to S1 (S2 and below, or false detections): never named. */
  belowSacrum: CountedBody<TRef>[];
  /** Names counted across a gap with no box (a body the detector missed). */
  inferred: string[];
  /** Median distance between neighbouring counted centres, mm (null under two steps). */
  medianStepMm: number | null;
  flags: TCountingFlag[];
  /** One sentence per finding, for the analysis and the report. */
  notes: string[];
}

export interface CountVertebraeOptions {
  /** Sagittal plane normal (LPS): distances and the axis are measured in that plane. */
  normal?: Vec3;
  /** A step above this multiple of the median step hides a missed body (default 1.6). */
  gapFactor?: number;
  /** A gap whose step/median ratio is farther than this from a whole number is ambiguous (default 0.3). */
  gapTolerance?: number;
  /** Fewer counted bodies than this (S1 included) cannot check the sequence (default 3). */
  minBodies?: number;
}

/** Name of the body `k` steps above S1: 0 S1, 1–5 L5…L1, 6–17 T12…T1; null beyond. */
export function countedName(k: number): string | null {
  if (k === 0) return "S1";
  if (k >= 1 && k <= 5) return `L${6 - k}`;
  if (k >= 6 && k <= 17) return `T${18 - k}`;
  return null;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Names vertebral bodies the way radiologists count on a sagittal lumbar MR: up from S1.
 * 1. Detections of each kind are fused across the sagittal images (fuseBodies).
 * 2. S1 is the most cranial "sacrum" body scoring at least half the best sacrum score (a second
 *    sacrum box below it is S2); vertebra boxes on the S1 body are dropped. No sacrum: basis
 *    "none", nothing named, `counting-uncertain`.
 * 3. The bodies are ordered by their projection on the spine axis (spineAxis: curved or tilted
 *    spines, head- or feet-first, any slice order); bodies below S1 are set aside.
 * 4. Two neighbours closer than half the median step are one body seen twice: the weaker goes.
 * 5. Walking up from S1, a step over `gapFactor` × the median step hides round(step/median) − 1
 *    missed bodies, which are counted (named in `inferred`); a ratio far from a whole number is
 *    ambiguous and flags `counting-uncertain`, as do fewer than `minBodies` bodies.
 * 6. transitionalSigns adds `transitional-vertebra-suspected` (see there).
 * Pure; distances in mm in the sagittal plane.
 */
export function countVertebrae<TRef>(detections: readonly SpineBody<TRef>[], options: CountVertebraeOptions = {}): VertebraCount<TRef> {
  const gapFactor = options.gapFactor ?? 1.6;
  const tolerance = options.gapTolerance ?? 0.3;
  const minBodies = options.minBodies ?? 3;
  const n = normalize(options.normal ?? [0, 0, 0]);
  const fused = fuseBodies(detections, { normal: n });
  const axis = spineAxis(fused.map((b) => b.center), n);
  const place = (b: FusedBody<TRef>): CountedBody<TRef> => ({ ...b, name: null, axisMm: dot(inPlane(b.center, n), axis) });
  const bodies = fused.map(place).sort((a, b) => a.axisMm - b.axisMm);
  const distance = (a: CountedBody<TRef>, b: CountedBody<TRef>) => norm(inPlane(sub(a.center, b.center), n));
  const flags = new Set<TCountingFlag>();
  const notes: string[] = [];

  const sacra = bodies.filter((b) => b.kind === "sacrum");
  const best = Math.max(0, ...sacra.map((s) => s.score));
  const s1 = sacra.filter((s) => s.score >= 0.5 * best).sort((a, b) => b.axisMm - a.axisMm)[0];
  if (!s1) {
    notes.push(`No sacrum was found on the sagittal images, so the ${bodies.length} vertebral bodies seen cannot be counted and no level is named.`);
    return { basis: "none", bodies, belowSacrum: [], inferred: [], medianStepMm: null, flags: ["counting-uncertain"], notes };
  }
  const onS1 = (b: CountedBody<TRef>) => b !== s1 && distance(b, s1) < 0.5 * Math.min(b.heightMm, s1.heightMm);
  const rest = bodies.filter((b) => b !== s1 && !onS1(b));
  const chain = [s1, ...rest.filter((b) => b.axisMm > s1.axisMm)];
  const belowSacrum = rest.filter((b) => b.axisMm < s1.axisMm).reverse();

  const steps = () => chain.slice(1).map((b, k) => distance(b, chain[k]!));
  for (;;) {
    const st = steps();
    if (st.length < 2) break;
    const m = median(st);
    const k = st.findIndex((d) => d < 0.5 * m);
    if (k < 0) break;
    const [a, b] = [chain[k]!, chain[k + 1]!];
    const weaker = a === s1 ? b : b.score > a.score ? a : b;
    chain.splice(chain.indexOf(weaker), 1);
    notes.push(`Two boxes ${st[k]!.toFixed(0)} mm apart were taken as one body.`);
  }

  const st = steps();
  const m = st.length >= 2 ? median(st) : null;
  const inferred: string[] = [];
  let k = 0;
  s1.name = countedName(0);
  chain.slice(1).forEach((b, i) => {
    const ratio = m === null ? 1 : st[i]! / m;
    const missing = ratio > gapFactor ? Math.max(1, Math.round(ratio) - 1) : 0;
    for (let q = 1; q <= missing; q++) {
      const name = countedName(k + q);
      if (name) inferred.push(name);
    }
    if (missing > 0) {
      const between = `${chain[i]!.name ?? "the body below"} and the next body up`;
      notes.push(`A gap of ${ratio.toFixed(1)}× the usual step between ${between}: ${missing} ${missing > 1 ? "bodies" : "body"} not detected, counted in.`);
      if (Math.abs(ratio - Math.round(ratio)) > tolerance) {
        flags.add("counting-uncertain");
        notes.push(`The gap is not a whole number of steps (${ratio.toFixed(2)}×), so the count above it may be off by one.`);
      }
    }
    k += 1 + missing;
    b.name = countedName(k);
  });
  if (chain.length < minBodies) {
    flags.add("counting-uncertain");
    notes.push(`Only ${chain.length} bod${chain.length === 1 ? "y" : "ies"} from the sacrum up: too few to check the sequence.`);
  }
  const result: VertebraCount<TRef> = { basis: "sacrum", bodies: chain, belowSacrum, inferred, medianStepMm: m, flags: [], notes };
  const signs = transitionalSigns(result, n);
  if (signs.length > 0) {
    flags.add("transitional-vertebra-suspected");
    notes.push(...signs);
  }
  result.flags = [...flags];
  return result;
}
