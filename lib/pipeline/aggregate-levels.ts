import { DIAGNOSES, DISC_LEVELS, type TDiagnosis, type TDiscLevel } from "../phantom/truth";
import type { TAnalysisLevel, TProbabilities } from "../analysis/schema";

/** One classified ROI: its slice, level, signed distance to the disc centre and ROI score. */
export interface LevelVote {
  sopInstanceUid: string;
  level: TDiscLevel;
  /** mm from the slice plane to the estimated disc centre (null when unknown). */
  distanceMm: number | null;
  /** Whether step 2 flagged the slice off-disc (it cuts a vertebral body, not the disc). */
  offDisc: boolean;
  roiScore: number;
  probabilities: TProbabilities;
}

export interface AggregateLevelsOptions {
  /** Width, mm, of the Gaussian that weights slices by distance to the disc centre (default 3). */
  sigmaMm?: number;
}

/**
 * The per-level diagnosis from per-slice classifications. Rule:
 * 1. The slices of a level that cut the disc (not flagged off-disc) vote; when every slice of the
 *    level is off-disc, the one closest to the disc centre votes alone.
 * 2. Each vote weighs `roiScore · exp(−½ (d / σ)²)` with d its distance to the estimated disc
 *    centre (σ = 3 mm: the central slice counts most, a slice at a 4.4 mm spacing about 0.3×).
 * 3. The level's probabilities are the weighted mean of the votes' probabilities (a plain mean
 *    when every weight is 0); its diagnosis their argmax (ties go to the milder class).
 * `sopInstanceUids` lists the voting slices, closest first. Levels without votes are left out.
 */
export function aggregateLevels(votes: readonly LevelVote[], options: AggregateLevelsOptions = {}): TAnalysisLevel[] {
  const sigma = options.sigmaMm ?? 3;
  const out: TAnalysisLevel[] = [];
  for (const level of DISC_LEVELS) {
    const all = votes.filter((v) => v.level === level);
    if (all.length === 0) continue;
    const distance = (v: LevelVote) => Math.abs(v.distanceMm ?? Number.POSITIVE_INFINITY);
    const onDisc = all.filter((v) => !v.offDisc);
    const pool = (onDisc.length > 0 ? onDisc : [[...all].sort((a, b) => distance(a) - distance(b))[0]!]).sort(
      (a, b) => distance(a) - distance(b) || a.sopInstanceUid.localeCompare(b.sopInstanceUid),
    );
    const weights = pool.map((v) => v.roiScore * (v.distanceMm === null ? 1 : Math.exp(-0.5 * (v.distanceMm / sigma) ** 2)));
    const total = weights.reduce((a, b) => a + b, 0);
    const w = total > 0 ? weights.map((x) => x / total) : pool.map(() => 1 / pool.length);
    const probabilities = { normal: 0, bulge: 0, herniation: 0 };
    pool.forEach((v, k) => {
      for (const c of DIAGNOSES) probabilities[c] += (w[k] ?? 0) * v.probabilities[c];
    });
    out.push({
      level,
      diagnosis: argmaxDiagnosis(probabilities),
      probabilities: roundProbabilities(probabilities),
      sopInstanceUids: pool.map((v) => v.sopInstanceUid),
    });
  }
  return out;
}

/** The most probable class; ties go to the earlier (milder) one in normal, bulge, herniation. */
export function argmaxDiagnosis(p: TProbabilities): TDiagnosis {
  let best: TDiagnosis = "normal";
  for (const c of DIAGNOSES) if (p[c] > p[best]) best = c;
  return best;
}

export function roundProbabilities(p: TProbabilities): TProbabilities {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return { normal: r(p.normal), bulge: r(p.bulge), herniation: r(p.herniation) };
}
