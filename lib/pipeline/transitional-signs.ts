import type { Vec3 } from "../dicom/types";
import { norm, sub } from "../geometry/vec3";
import type { CountedBody, VertebraCount } from "./count-vertebrae";
import { inPlane } from "./spine-axis";

/** Thresholds of the two signs; conservative on purpose (a flag a reader learns to ignore is worse than none). */
export const TRANSITIONAL_RULES = {
  /** S1 is "squared" when its height/depth ratio is at least this fraction of the L3–L5 median. */
  squaredS1Fraction: 0.85,
  /** A body below S1 counts as a separate S2 when its centre is this range of median steps away… */
  s2StepRange: [0.7, 1.4] as const,
  /** …and the space between the boxes is at least this fraction of the median lumbar disc space. */
  s1s2DiscFraction: 0.8,
  /** The L5–S1 space is rudimentary under this fraction of the median lumbar disc space… */
  rudimentaryDiscFraction: 0.3,
  /**
   * …with the L5–S1 centre step under this fraction of the median step. On 11 real exams (VB1 of
   * ../shared/realdata, labelled T10–S1, no known transitional vertebra) the normal S1–L5 step
   * was 0.78–1.03 of the median step, so 0.7 stays clear of normal tilted L5 boxes.
   */
  shortStepFraction: 0.7,
} as const;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Signs of a lumbosacral transitional vertebra (LSTV) measurable from sagittal boxes, each a
 * sentence; empty when none. Castellvi's classification (Castellvi et al., Spine 1984) grades the
 * transverse processes, which a mid-sagittal image does not show, and a sixth lumbar-type body
 * cannot be told from T12 without the ribs; so the rule uses the sagittal signs reviewed by
 * Konin & Walz, "Lumbosacral transitional vertebrae: classification, imaging findings, and clinical relevance", AJNR Am J Neuroradiol 2010;31:1778–1786:
 * - lumbarisation (six lumbar-type bodies): a squared S1 — its box height/depth ratio at least
 *   0.85 × the median of L3–L5 — with a well-formed disc below it: a separate body below S1 at
 *   0.7–1.4 median steps whose space to S1 (step − half heights) is at least 0.8 × the median
 *   lumbar disc space;
 * - sacralisation (four): a rudimentary L5–S1 disc — space under 0.3 × the median lumbar disc
 *   space — with an L5–S1 centre step under 0.7 × the median step.
 * Disc spaces are centre distance minus half of each box height (mm), lumbar ones between L1 and
 * L5; each sign needs at least two lumbar references and whole boxes (no `partial` body: one cut
 * by the edge of the image measures neither its height nor its disc). `normal`: the sagittal
 * plane's unit normal.
 */
export function transitionalSigns<TRef>(count: VertebraCount<TRef>, normal: Vec3): string[] {
  const R = TRANSITIONAL_RULES;
  const byName = new Map(count.bodies.filter((b) => b.name).map((b) => [b.name!, b]));
  const s1 = byName.get("S1");
  const m = count.medianStepMm;
  if (!s1 || m === null) return [];
  const distance = (a: CountedBody<TRef>, b: CountedBody<TRef>) => norm(inPlane(sub(a.center, b.center), normal));
  const space = (a: CountedBody<TRef>, b: CountedBody<TRef>) => distance(a, b) - (a.heightMm + b.heightMm) / 2;
  const lumbar = ["L1", "L2", "L3", "L4", "L5"];
  const discs: number[] = [];
  for (let k = 0; k + 1 < lumbar.length; k++) {
    const a = byName.get(lumbar[k]!);
    const b = byName.get(lumbar[k + 1]!);
    if (a && b) discs.push(space(a, b));
  }
  const signs: string[] = [];
  const refDisc = discs.length >= 2 ? median(discs) : null;

  const aspects = ["L3", "L4", "L5"].flatMap((l) => {
    const b = byName.get(l);
    return b && b.depthMm > 0 ? [b.heightMm / b.depthMm] : [];
  });
  const s2 = count.belowSacrum[0];
  // A body cut by the edge of the image has neither its height nor its centre: no sign from it.
  if (refDisc !== null && refDisc > 0 && aspects.length >= 2 && s2 && !s1.partial && !s2.partial && s1.depthMm > 0) {
    const squared = s1.heightMm / s1.depthMm >= R.squaredS1Fraction * median(aspects);
    const step = distance(s1, s2) / m;
    const disc = space(s1, s2);
    if (squared && step >= R.s2StepRange[0] && step <= R.s2StepRange[1] && disc >= R.s1s2DiscFraction * refDisc) {
      signs.push(`S1 is squared like a lumbar body and has a disc space below it (${disc.toFixed(0)} mm): possible lumbarisation (six lumbar-type bodies); count from the sacrum with care.`);
    }
  }
  const l5 = byName.get("L5");
  if (refDisc !== null && refDisc > 0 && l5 && !l5.partial && !s1.partial) {
    const disc = space(l5, s1);
    if (disc < R.rudimentaryDiscFraction * refDisc && distance(l5, s1) < R.shortStepFraction * m) {
      signs.push(`The L5–S1 disc space is rudimentary (${Math.max(0, disc).toFixed(0)} mm against ${refDisc.toFixed(0)} mm above): possible sacralisation of L5 (four lumbar-type bodies).`);
    }
  }
  return signs;
}
