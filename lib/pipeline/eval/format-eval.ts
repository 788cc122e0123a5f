import type { EvalSummary } from "./summarize-scores";

const pct = (x: number | null) => (x === null ? "  n/a" : `${(x * 100).toFixed(1)}%`.padStart(6));
const num = (x: number | null, d = 3) => (x === null ? "n/a" : x.toFixed(d));
const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
/** "95% CI 31.4–43.0%" (Wilson), or nothing when n = 0. */
const ci = (p: { ci: { lower: number; upper: number } | null }) => (p.ci ? `95% CI ${pc(p.ci.lower)}–${pc(p.ci.upper)}` : "");

/**
 * The paper's table and the step metrics, as `discern eval` prints them without --json; every
 * proportion with hits / n and its Wilson 95% interval. `title` replaces the phantom heading
 * (the dataset source uses it).
 */
export function formatEval(s: EvalSummary, title?: string): string {
  const lines: string[] = [];
  const seeds = s.seeds.length > 0 ? `seeds ${Math.min(...s.seeds)}–${Math.max(...s.seeds)}` : "no seeds";
  lines.push(title ?? `discern eval: ${s.studies} phantom studies (${seeds})`);
  lines.push("");
  const v = s.vertebraLocalisation;
  lines.push(`Step 1  vertebra localisation   ${pct(v.accuracy)}  (${v.hits} / ${v.n} vertebrae, ${ci(v)}; box IoU mean ${num(s.vertebraIoU.mean)}, min ${num(s.vertebraIoU.min)})`);
  lines.push(`Step 2  level assignment        ${pct(s.levelAccuracy.accuracy)}  (${s.levelAccuracy.hits} / ${s.levelAccuracy.n} at-disc slices, ${ci(s.levelAccuracy)})`);
  lines.push(`Step 3  disc ROI (IoU ≥ 0.5)    ${pct(s.roiAccuracy.accuracy)}  (${s.roiAccuracy.hits} / ${s.roiAccuracy.n} slices, ${ci(s.roiAccuracy)}; mean IoU ${num(s.roiAccuracy.meanIoU)})`);
  lines.push("");
  lines.push("Step 4  per-level diagnosis (normal / bulge / herniation)");
  lines.push("  level    accuracy   paper    n  missed  ok?    95% CI (Wilson)   (not imaged: no axial slice cuts the disc)");
  for (const l of s.perLevel) {
    const ok = l.accuracy === null ? "" : l.accuracy >= l.paper ? "yes" : "below";
    const interval = l.ci ? `${pc(l.ci.lower)}–${pc(l.ci.upper)}` : "";
    lines.push(`  ${l.level.padEnd(7)}   ${pct(l.accuracy)}   ${pct(l.paper)} ${String(l.n).padStart(4)}  ${String(l.missed).padStart(6)}  ${ok.padEnd(6)} ${interval.padEnd(17)} ${l.notImaged > 0 ? `(${l.notImaged} not imaged)` : ""}`);
  }
  lines.push(`  all        ${pct(s.classification.accuracy)}          ${String(s.classification.n).padStart(4)}                 ${ci(s.classification).replace("95% CI ", "")}`);
  lines.push("");
  lines.push("  class        sensitivity  specificity   n (truth)");
  for (const c of s.perClass) lines.push(`  ${c.diagnosis.padEnd(11)}  ${pct(c.sensitivity)}       ${pct(c.specificity)}      ${String(c.n).padStart(4)}`);
  lines.push("");
  lines.push("  confusion (rows truth, columns predicted: normal, bulge, herniation)");
  s.classification.confusion.forEach((row, i) => lines.push(`  ${(s.classification.labels[i] ?? "").padEnd(11)} ${row.map((v) => String(v).padStart(5)).join(" ")}`));
  for (const l of s.perLevel) {
    lines.push(`  ${l.level}: ${l.confusion.map((row) => `[${row.join(" ")}]`).join(" ")}`);
  }
  lines.push("");
  lines.push(`Mean analysis time per study: ${s.meanStudyMs === null ? "n/a" : `${s.meanStudyMs.toFixed(0)} ms`}`);
  return `${lines.join("\n")}\n`;
}
