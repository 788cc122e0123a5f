import type { TInterval, TProportion } from "../stats/types";
import type { TModelComparison } from "./compare-models";
import type { TSideFigures } from "./side-figures";

/** One row of the side-by-side table: a figure for version a and for version b, as text. */
export interface TComparisonRow {
  label: string;
  a: string;
  b: string;
}

const pct = (p: { value: number | null } | null | undefined) => (p?.value === null || p?.value === undefined ? "n/a" : `${(100 * p.value).toFixed(1)}%`);
const ci = (c: TInterval | null) => (c ? ` (${(100 * c.lower).toFixed(1)}–${(100 * c.upper).toFixed(1)})` : "");
const prop = (p: TProportion) => `${pct(p)}${ci(p.ci)} n ${p.n}`;
const num = (x: number | null, digits = 3) => (x === null ? "n/a" : x.toFixed(digits));

/**
 * The rows of the comparison table (pure): per-level accuracy, pooled accuracy, κ and linearly
 * weighted κ with their 95% intervals, sensitivity and specificity per class (Wilson 95%), vertebra
 * localisation and mean IoU, ROI accuracy and mean IoU. Used by the CLI and the Models page.
 */
export function comparisonRows(c: Pick<TModelComparison, "a" | "b">): TComparisonRow[] {
  const rows: TComparisonRow[] = [];
  const add = (label: string, f: (s: TSideFigures) => string) => rows.push({ label, a: f(c.a.figures), b: f(c.b.figures) });
  for (const [i, level] of c.a.figures.summary.perLevel.entries()) {
    add(`accuracy ${level.level}`, (s) => {
      const l = s.summary.perLevel[i]!;
      return `${l.accuracy === null ? "n/a" : `${(100 * l.accuracy).toFixed(1)}%`}${ci(l.ci)} n ${l.n}`;
    });
  }
  add("accuracy, all levels", (s) => {
    const a = s.summary.classification;
    return `${a.accuracy === null ? "n/a" : `${(100 * a.accuracy).toFixed(1)}%`}${ci(a.ci)} n ${a.n}`;
  });
  add("κ vs signed", (s) => `${num(s.kappa.kappa)}${s.kappa.ci ? ` (${num(s.kappa.ci.lower)}–${num(s.kappa.ci.upper)})` : ""}`);
  add("weighted κ (linear)", (s) => `${num(s.weightedKappa.kappa)}${s.weightedKappa.ci ? ` (${num(s.weightedKappa.ci.lower)}–${num(s.weightedKappa.ci.upper)})` : ""}`);
  for (const d of ["normal", "bulge", "herniation"] as const) {
    add(`sensitivity ${d}`, (s) => prop(s.classes.perClass[d].sensitivity));
    add(`specificity ${d}`, (s) => prop(s.classes.perClass[d].specificity));
  }
  add("vertebra localisation", (s) => {
    const v = s.summary.vertebraLocalisation;
    return `${v.accuracy === null ? "n/a" : `${(100 * v.accuracy).toFixed(1)}%`}${ci(v.ci)} n ${v.n}`;
  });
  add("vertebra mean IoU", (s) => num(s.summary.vertebraIoU.mean));
  add("ROI IoU ≥ 0.5", (s) => {
    const r = s.summary.roiAccuracy;
    return `${r.accuracy === null ? "n/a" : `${(100 * r.accuracy).toFixed(1)}%`}${ci(r.ci)} n ${r.n}`;
  });
  add("ROI mean IoU", (s) => num(s.summary.roiAccuracy.meanIoU));
  return rows;
}

/** The comparison as text for `discern eval --dataset … --models a,b`. */
export function formatComparison(c: TModelComparison): string {
  const rows = comparisonRows(c);
  const w = [Math.max(...rows.map((r) => r.label.length)), Math.max(c.a.name.length, ...rows.map((r) => r.a.length))];
  const line = (l: string, a: string, b: string) => `${l.padEnd(w[0]!)}  ${a.padEnd(w[1]!)}  ${b}`;
  const out = [
    `Dataset ${c.dataset.name} v${c.dataset.version} (${c.dataset.labelSource} labels), test split: ${c.studies} studies${c.failedStudies ? `, ${c.failedStudies} failed` : ""}.`,
    `a = ${c.a.set.join(", ")}`,
    `b = ${c.b.set.join(", ")}`,
    "",
    line("", c.a.name, c.b.name),
    ...rows.map((r) => line(r.label, r.a, r.b)),
    "",
    c.changed.length === 0 ? "No study changed between a and b." : `${c.changed.length} of ${c.studies} studies changed:`,
    ...c.changed.map((s) => `  study ${s.index} (${s.studyId}): ${[...s.levels.map((l) => `${l.level} ${l.a ?? "none"} → ${l.b ?? "none"}${l.signed ? ` (signed ${l.signed})` : ""}`), ...(s.vertebrae.length ? [`vertebrae ${s.vertebrae.join(" ")}`] : []), ...(s.rois ? [`${s.rois} ROIs`] : [])].join("; ")}`),
    "",
  ];
  return out.join("\n");
}
