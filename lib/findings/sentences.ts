import type { TDiscLevel } from "../phantom/truth";
import { STENOSIS_SITES, type TAxialZone, type TDiscContour, type TLevelFinding, type TStenosisSite } from "./schema";

/** A length the reader measured at a level, in mm (lib/findings' measurement kinds). */
export interface TFindingMeasurement {
  /** herniation-ap: AP depth of the herniation; canal-ap: AP diameter of the canal. */
  kind: "herniation-ap" | "canal-ap";
  mm: number;
}

const ZONE_WORDS: Record<TAxialZone, string> = {
  central: "central",
  "subarticular-left": "left subarticular",
  "subarticular-right": "right subarticular",
  "foraminal-left": "left foraminal",
  "foraminal-right": "right foraminal",
  "extraforaminal-left": "left extraforaminal",
  "extraforaminal-right": "right extraforaminal",
};

const SITE_WORDS: Record<TStenosisSite, string> = {
  centralCanal: "central canal",
  subarticularLeft: "left subarticular",
  subarticularRight: "right subarticular",
  foraminalLeft: "left foraminal",
  foraminalRight: "right foraminal",
};

const ROMAN = ["I", "II", "III", "IV", "V"] as const;

/** A length in mm as a report prints it: one decimal, trailing ".0" dropped ("9 mm", "8.6 mm"). */
export function formatMm(mm: number): string {
  return `${Number((Math.round(mm * 10) / 10).toFixed(1))} mm`;
}

/** The disc phrase: "normal disc contour", "asymmetric disc bulge", "left subarticular disc extrusion migrated caudally". */
export function discPhrase(disc: TDiscContour): string {
  if (disc.contour === "normal") return "normal disc contour";
  if (disc.contour === "bulge") return disc.symmetry ? `${disc.symmetry} disc bulge` : "disc bulge";
  const noun = disc.type === "unspecified" ? "herniation" : disc.type;
  const parts = [[disc.zone ? ZONE_WORDS[disc.zone] : null, "disc", noun].filter(Boolean).join(" ")];
  if (disc.migration === "cranial" || disc.migration === "caudal") parts[0] += ` migrated ${disc.migration}ly`;
  if (disc.position) parts[0] += ` at the ${disc.position} level`;
  if (disc.canalCompromise) parts.push(`${disc.canalCompromise} canal compromise`);
  return parts.join(", ");
}

/** Moderate and severe stenoses, most severe first: ["severe right foraminal stenosis", …]; normal-mild is not listed. */
export function stenosisPhrases(finding: TLevelFinding): string[] {
  const out: string[] = [];
  for (const grade of ["severe", "moderate"] as const) {
    const sites = STENOSIS_SITES.filter((s) => finding.stenosis?.[s] === grade);
    if (sites.length) out.push(`${grade} ${joinWords(sites.map((s) => SITE_WORDS[s]))} stenosis`);
  }
  return out;
}

/**
 * One level's standard sentence (Fardon 2014 terms, RSNA 2024 grades), e.g.
 * "L4-L5: left subarticular disc extrusion, moderate canal compromise, AP 9 mm." Measurements
 * follow the disc phrase; moderate/severe stenoses, Modic and Pfirrmann follow; the reader's
 * comment ends the sentence as its own sentence.
 */
export function sentenceOf(level: TDiscLevel, finding: TLevelFinding, measurements: readonly TFindingMeasurement[] = []): string {
  const parts = [discPhrase(finding.disc)];
  for (const m of measurements) parts.push(m.kind === "herniation-ap" ? `AP ${formatMm(m.mm)}` : `canal AP diameter ${formatMm(m.mm)}`);
  parts.push(...stenosisPhrases(finding));
  if (finding.modic) parts.push(`Modic type ${finding.modic} endplate changes`);
  if (finding.pfirrmann) parts.push(`Pfirrmann grade ${ROMAN[finding.pfirrmann - 1]}`);
  const comment = finding.comment?.trim();
  return `${level}: ${parts.join(", ")}.${comment ? ` ${/[.!?]$/.test(comment) ? comment : `${comment}.`}` : ""}`;
}

/** 0 unremarkable … higher is worse: what orders the impression (herniation and severe stenosis first). */
function weight(f: TLevelFinding): number {
  const grades = STENOSIS_SITES.map((s) => f.stenosis?.[s]);
  const stenosis = grades.includes("severe") ? 3 : grades.includes("moderate") ? 2 : 0;
  const disc = f.disc.contour === "herniation" ? 2 + (f.disc.canalCompromise === "severe" ? 2 : f.disc.canalCompromise === "moderate" ? 1 : 0) : f.disc.contour === "bulge" ? 1 : 0;
  return Math.max(stenosis, disc) * 10 + Math.min(stenosis, disc);
}

/**
 * The suggested impression the reader edits: numbered, most significant level first (herniation
 * or moderate/severe stenosis before bulges; level order within a tie), each line the level's
 * disc phrase and stenoses without measurements or comments. With nothing beyond normal:
 * "No disc herniation or moderate/severe stenosis at the levels assessed (L1-L2 to L5-S1)."
 */
export function suggestedImpression(levels: readonly { level: TDiscLevel; finding: TLevelFinding | null }[]): string {
  const assessed = levels.filter((l): l is { level: TDiscLevel; finding: TLevelFinding } => l.finding !== null);
  if (assessed.length === 0) return "No level was assessed.";
  const abnormal = assessed.map((l, i) => ({ ...l, i, w: weight(l.finding) })).filter((l) => l.w > 0).sort((a, b) => b.w - a.w || a.i - b.i);
  const range = assessed.length === 1 ? assessed[0]!.level : `${assessed[0]!.level} to ${assessed[assessed.length - 1]!.level}`;
  if (abnormal.length === 0) return `No disc herniation or moderate/severe stenosis at the levels assessed (${range}).`;
  return abnormal
    .map((l, n) => {
      const phrases = [l.finding.disc.contour === "normal" ? null : discPhrase(l.finding.disc), ...stenosisPhrases(l.finding)].filter(Boolean);
      const text = phrases.join(", ");
      return `${n + 1}. ${l.level}: ${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
    })
    .join("\n");
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
