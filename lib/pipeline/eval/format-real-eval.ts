import type { TProportion } from "../../stats/types";
import type { RealdataEvalReport } from "./run-realdata-eval";
import type { RealEvalTable } from "./summarize-real-scores";

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);

/** "37.0%   100 / 270   31.4–43.0%", or the reason there is nothing to count. */
export function formatProportion(p: TProportion, none = "n/a (nothing labelled)"): string {
  if (p.n === 0) return none;
  const ci = p.ci ? `${pct(p.ci.lower)}–${pct(p.ci.upper)}` : "";
  return `${pct(p.value).padStart(6)}  ${`${p.successes} / ${p.n}`.padStart(11)}   ${ci}`;
}

function formatTable(t: RealEvalTable): string[] {
  const row = (name: string, p: TProportion, none?: string) => `  ${name.padEnd(40)}${formatProportion(p, none)}`;
  const lines = [`${t.source === "all" ? "All sets" : t.source} — ${t.exams} exam${t.exams === 1 ? "" : "s"}`, `  ${"row".padEnd(40)}${"result".padStart(6)}  ${"hits / n".padStart(11)}   95% CI (Wilson)`];
  lines.push(`${row("Step 1  vertebrae L1–L5 identified", t.vertebrae, "n/a (no vertebral body labelled)")}${t.vertebrae.n > 0 && t.vertebrae.iouMean !== null ? `   (box IoU mean ${t.vertebrae.iouMean.toFixed(2)})` : ""}`);
  if (t.vertebrae.n > 0) for (const v of t.perVertebra) lines.push(row(`          ${v.label}`, v.result));
  lines.push(row("        S1 identified", t.s1, "n/a (S1 not labelled)"));
  if (t.vertebrae.n > 0) lines.push(row("        exams with every L1–L5 right", t.examsAllLumbar));
  lines.push(row("Step 2  axial levels right", t.levels));
  if (t.levels.n > 0) for (const l of t.perLevel) lines.push(row(`          ${l.level}`, l.result, "n/a (no disc between labelled bodies)"));
  if (t.levels.n > 0) lines.push(row("        exams with every level right", t.examsAllLevels));
  lines.push(`  ${"Step 3  disc ROI".padEnd(40)}not scored: these exams have no ROI labels`);
  lines.push(`  ${"Step 4  per-level diagnosis".padEnd(40)}not scored: these exams have no diagnoses`);
  const bases = Object.entries(t.countingBasis).map(([basis, n]) => `${basis} ${n}`).join(", ");
  if (t.exams > 0) lines.push(`  bodies named by: ${bases}; exams with a counting flag: ${t.examsWithCountingFlags}`);
  const ms = (x: number | null) => (x === null ? "n/a" : `${Math.round(x)} ms`);
  lines.push(`  mean per exam: read + build DICOM ${ms(t.meanBuildMs)}, analysis ${ms(t.meanAnalysisMs)}`);
  return lines;
}

/** The report as `discern eval --realdata` prints it without --json: one table per set, then all sets. */
export function formatRealEval(r: RealdataEvalReport): string {
  const exams = r.exams.length + r.failed.length;
  const lines = [
    `discern eval --realdata: ${exams} exam${exams === 1 ? "" : "s"} (split ${r.split}${r.splitFile ? ` from ${r.splitFile}` : ""}) on ${r.device}`,
    `models: ${r.models.map((m) => `${m.id} ${m.version}`).join(", ")}`,
    `vertebra identified: ${r.vertebraRule}; level right: ${r.levelRule}.`,
    "",
  ];
  for (const t of r.tables) lines.push(...formatTable(t), "");
  if (r.failed.length > 0) {
    lines.push(`Failed (left out of the tables): ${r.failed.length}`);
    for (const f of r.failed) lines.push(`  ${f.exam}: ${f.error}`);
  }
  return `${lines.join("\n")}\n`;
}
