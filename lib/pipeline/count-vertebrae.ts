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
  /** Boxes under this score only fill gaps between confident bodies (default 0.5). */
  strongScore?: number;
  /** Fewer counted bodies than this (S1 included) cannot check the sequence (default 3). */
  minBodies?: number;
  /**
   * A sacrum box with more vertebra bodies than this below it — and more below than above it —
   * is not trusted (default 1: S2 read as a vertebra; sacral segments below are fine when the
   * lumbar bodies above outnumber them).
   */
  maxBelowSacrum?: number;
  /** S1 candidates score at least this fraction of the best sacrum box (default 0.5). */
  sacrumScoreFraction?: number;
  /**
   * A sacrum box whose body the vertebra class reads more strongly by over this is not S1
   * (default 0.3: chosen on phantom seeds 700–719 among 0.15 / 0.3 / 0.5 with the v0.2 detector,
   * where the true S1 was read as a vertebra by up to 0.39 more and false L5 sacrum boxes by
   * 0.24–0.46; the classes overlap, so this is a compromise, see docs/pipeline.md).
   */
  vertebraMargin?: number;
  /**
   * Sacrum boxes under this score (the detector's manifest lets faint sacrum peaks through with a
   * lower per-label threshold) are ignored when any sacrum box reaches it; when none does, a faint
   * one may be S1 if no vertebra body lies below it, flagged `counting-uncertain` (default 0.2,
   * the detector's own threshold: a sacrum at the lower edge of the field of view, partly cut
   * off, is often read at 0.1–0.2 — chosen on the validation exams, see docs/pipeline.md).
   */
  confidentSacrumScore?: number;
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
 * 2. S1 is the most cranial "sacrum" box scoring ≥ half the best one, not read more strongly
 *    as a vertebra (by 0.3), with at most one vertebra body below it or no more below than above
 *    (see the rule in the code);
 *    when every such box is read more strongly as a vertebra, the most caudal one, flagged
 *    `counting-uncertain`. Boxes on the S1 body are dropped, a sacrum box below it is S2. Sacrum
 *    boxes under `confidentSacrumScore` count only when no box reaches it, and then only one with
 *    no vertebra body below it (flagged `counting-uncertain`). No plausible sacrum box: basis
 *    "none", nothing named, `counting-uncertain`.
 * 3. The bodies are ordered by their projection on the spine axis (spineAxis: curved or tilted
 *    spines, head- or feet-first, any slice order); bodies below S1 are set aside.
 * 4. The sequence is made of the confident boxes (score ≥ 0.5); two neighbours closer than half
 *    the median step are one body seen twice (the weaker goes); weak boxes only fill gaps.
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
  const maxBelow = options.maxBelowSacrum ?? 1;
  const sacrumScoreFraction = options.sacrumScoreFraction ?? 0.5;
  const vertebraMargin = options.vertebraMargin ?? 0.3;
  const strongScore = options.strongScore ?? 0.5;
  const confidentSacrum = options.confidentSacrumScore ?? 0.2;
  const n = normalize(options.normal ?? [0, 0, 0]);
  // Faint sacrum boxes only stand in when no confident one exists.
  const faintOnly = !detections.some((d) => d.kind === "sacrum" && d.score >= confidentSacrum);
  const fused = fuseBodies(faintOnly ? detections : detections.filter((d) => d.kind !== "sacrum" || d.score >= confidentSacrum), { normal: n });
  const axis = spineAxis(fused.map((b) => b.center), n);
  const place = (b: FusedBody<TRef>): CountedBody<TRef> => ({ ...b, name: null, axisMm: dot(inPlane(b.center, n), axis) });
  const bodies = fused.map(place).sort((a, b) => a.axisMm - b.axisMm);
  const distance = (a: CountedBody<TRef>, b: CountedBody<TRef>) => norm(inPlane(sub(a.center, b.center), n));
  const flags = new Set<TCountingFlag>();
  const notes: string[] = [];

  // The detector reads "sacrum" on S1 and often on S2 too (S2 sometimes more confidently), and
  // now and then weakly on L5, which it also reads as a vertebra. S1 is the most cranial sacrum
  // box that (a) scores at least `sacrumScoreFraction` of the best sacrum box, (b) is not read
  // more strongly as a vertebra (sacrum score − best vertebra score on the same body ≥
  // −`vertebraMargin`), and (c) has at most `maxBelowSacrum` vertebra bodies below it (lumbar
  // bodies lie above the sacrum: more below it is an upside-down reading or a false box — unless
  // at least as many lie above it, since the detector also reads sacral segments S2… as bodies).
  const sameBody = (a: CountedBody<TRef>, b: CountedBody<TRef>) => distance(a, b) < 0.5 * Math.min(a.heightMm, b.heightMm);
  const margin = (s: CountedBody<TRef>) => s.score - Math.max(0, ...bodies.filter((b) => b.kind === "vertebra" && sameBody(b, s)).map((b) => b.score));
  const below = (s: CountedBody<TRef>) => bodies.filter((b) => b.kind === "vertebra" && b.axisMm < s.axisMm && !sameBody(b, s)).length;
  const above = (s: CountedBody<TRef>) => bodies.filter((b) => b.kind === "vertebra" && b.axisMm > s.axisMm && !sameBody(b, s)).length;
  const sacra = bodies.filter((b) => b.kind === "sacrum");
  const best = Math.max(0, ...sacra.map((s) => s.score));
  // A faint sacrum box must be the lowest body of all: faint is how L5 is sometimes misread too.
  const plausible = sacra.filter((s) => s.score >= sacrumScoreFraction * best && (faintOnly ? below(s) === 0 : below(s) <= maxBelow || below(s) <= above(s)));
  const strict = plausible.filter((s) => margin(s) >= -vertebraMargin).sort((a, b) => b.axisMm - a.axisMm)[0];
  // Every plausible sacrum box is read more strongly as a vertebra: the most caudal one is the
  // best guess for S1 (a false sacrum on L5 lies above the true one), named but flagged.
  const guessed = strict ? undefined : [...plausible].sort((a, b) => a.axisMm - b.axisMm)[0];
  const s1 = strict ?? guessed;
  if (s1 && faintOnly) {
    flags.add("counting-uncertain");
    notes.push(`The sacrum was seen only faintly (score ${s1.score.toFixed(2)}${s1.partial ? ", cut by the edge of the image" : ""}); S1 was taken from it: check the count.`);
  } else if (guessed) {
    flags.add("counting-uncertain");
    notes.push("The sacrum was read about as much as a lumbar body; the lowest sacrum box was taken for S1: check the count.");
  }
  const ranked = [...sacra].sort((a, b) => b.score - a.score);
  if (!s1) {
    const seen = bodies.filter((b) => b.kind === "vertebra").length;
    const top = ranked[0];
    const why = top ? `The sacrum box lies above ${below(top)} vertebral bodies, which cannot be` : "No sacrum was found on the sagittal images";
    notes.push(`${why}, so the ${seen} vertebral bodies seen are not counted and no level is named.`);
    return { basis: "none", bodies, belowSacrum: [], inferred: [], medianStepMm: null, flags: ["counting-uncertain"], notes };
  }
  // Other sacrum boxes above S1 are bodies like any other (a duplicate of a vertebra box goes at
  // step 4); below S1 they are S2 and lower.
  const rest = bodies.filter((b) => b !== s1 && !sameBody(b, s1));
  const aboveS1 = rest.filter((b) => b.axisMm > s1.axisMm);
  // Confident boxes make the sequence; weak ones (under `strongScore`) only fill a gap it leaves,
  // so a stray weak box between two bodies can never add a level. With fewer than two confident
  // bodies above S1, every box takes part.
  const strong = aboveS1.filter((b) => b.score >= strongScore);
  const weak = strong.length >= 2 ? aboveS1.filter((b) => b.score < strongScore) : [];
  const chain = [s1, ...(strong.length >= 2 ? strong : aboveS1)];
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
    // A sacrum and a vertebra box on one body is the detector hesitating, not news for a reader.
    if (a.kind === b.kind) notes.push(`Two boxes ${st[k]!.toFixed(0)} mm apart were taken as one body.`);
  }

  const m0 = steps().length >= 2 ? median(steps()) : null;
  if (m0 !== null) {
    // Fill each gap over `gapFactor` median steps with the best weak box inside it that stands at
    // least half a median step from both ends; repeat until no gap takes one.
    for (let filled = true; filled; ) {
      filled = false;
      const st0 = steps();
      for (let i = 0; i < st0.length && !filled; i++) {
        if (st0[i]! <= gapFactor * m0) continue;
        const [a, b] = [chain[i]!, chain[i + 1]!];
        const fit = weak
          .filter((w) => w.axisMm > a.axisMm && w.axisMm < b.axisMm && distance(w, a) >= 0.5 * m0 && distance(w, b) >= 0.5 * m0)
          .sort((x, y) => y.score - x.score)[0];
        if (fit) {
          chain.splice(i + 1, 0, fit);
          weak.splice(weak.indexOf(fit), 1);
          filled = true;
        }
      }
    }
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
