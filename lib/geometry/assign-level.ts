import type { Vec3 } from "../dicom/types";
import { DISC_LEVELS, VERTEBRA_LABELS, type TDiscLevel, type TVertebraLabel } from "../phantom/truth";
import { distanceToDisc } from "./distance-to-disc";
import { dot, norm, sub } from "./vec3";

/** What a reader should check about a slice's level. */
export type TLevelFlag = "off-disc" | "above-L1" | "below-S1" | "missing-vertebra" | "ambiguous";

export interface LabelledVertebra {
  label: TVertebraLabel;
  /** Vertebral body centre, LPS mm. */
  centerPatient: Vec3;
}

export interface LevelAssignment {
  level: TDiscLevel | null;
  /** Signed distance from the plane to the level's estimated disc centre, mm, positive cranial; null with level null. */
  distanceMm: number | null;
  flags: TLevelFlag[];
}

export interface AssignLevelOptions {
  /**
   * A slice farther than this fraction of the distance between the two vertebra centres from the
   * estimated disc centre is flagged "off-disc" (0.15 of ~38 mm ≈ 5.7 mm, half a lumbar disc).
   */
  offDiscFraction?: number;
  /** Planes whose normal is more than this many degrees from the local spine axis are "ambiguous". */
  maxTiltDeg?: number;
}

/**
 * The paper's step-2 rule for one axial plane (point and unit normal, LPS mm): the signed
 * distances from the vertebra centres to the plane tell which vertebrae lie on either side; the
 * plane belongs to the disc between the last vertebra above it and the first below, read in the
 * spine's own cranio-caudal order (L1 → S1). Only the sign change along that order is used, never
 * the normal's direction, so head- or feet-first positions and flipped in-plane axes cannot change
 * the answer. No sign change: above the first or below the last vertebra; two or more: ambiguous;
 * a sign change across a missing label: the disc cannot be told.
 */
export function assignLevel(planePoint: Vec3, planeNormal: Vec3, vertebrae: LabelledVertebra[], options: AssignLevelOptions = {}): LevelAssignment {
  const none = (flags: TLevelFlag[]): LevelAssignment => ({ level: null, distanceMm: null, flags });
  const byLabel = new Map<TVertebraLabel, Vec3>();
  let duplicated = false;
  for (const v of vertebrae) {
    if (byLabel.has(v.label)) duplicated = true;
    else byLabel.set(v.label, v.centerPatient);
  }
  if (duplicated) return none(["ambiguous"]);
  const ordered = VERTEBRA_LABELS.flatMap((label, index) => {
    const center = byLabel.get(label);
    return center ? [{ index, center, d: dot(sub(center, planePoint), planeNormal) }] : [];
  });
  if (ordered.length < 2) return none(["missing-vertebra"]);

  const changes: number[] = [];
  for (let i = 0; i + 1 < ordered.length; i++) {
    const a = ordered[i]!.d;
    const b = ordered[i + 1]!.d;
    if (a === 0 || b === 0 || a > 0 !== b > 0) changes.push(i);
  }
  if (changes.length === 0) {
    const first = ordered[0]!;
    const last = ordered[ordered.length - 1]!;
    const beyondTop = Math.abs(first.d) < Math.abs(last.d);
    if (beyondTop) return none([first.index === 0 ? "above-L1" : "missing-vertebra"]);
    return none([last.index === VERTEBRA_LABELS.length - 1 ? "below-S1" : "missing-vertebra"]);
  }
  if (changes.length > 1) return none(["ambiguous"]);
  const upper = ordered[changes[0]!]!;
  const lower = ordered[changes[0]! + 1]!;
  if (upper.d === 0 || lower.d === 0) return none(["ambiguous"]);
  if (lower.index !== upper.index + 1) return none(["missing-vertebra"]);

  const level = DISC_LEVELS[upper.index]!;
  const distanceMm = distanceToDisc(planePoint, planeNormal, upper.center, lower.center);
  const flags: TLevelFlag[] = [];
  const span = norm(sub(upper.center, lower.center));
  if (Math.abs(distanceMm) > (options.offDiscFraction ?? 0.15) * span) flags.push("off-disc");
  const cosTilt = Math.abs(dot(planeNormal, sub(upper.center, lower.center))) / (span || 1);
  if (cosTilt < Math.cos(((options.maxTiltDeg ?? 50) * Math.PI) / 180)) flags.push("ambiguous");
  return { level, distanceMm, flags };
}
