import type { TInterval, TKappa, TProportion } from "../stats";
import { DIAGNOSES } from "../phantom/truth";
import type { TLevelBlock } from "./level-block";
import type { TSupervisionStats } from "./supervision-stats";

const HEADER = ["section", "level", "reader", "class", "metric", "value", "ci_lower", "ci_upper", "n"] as const;
type TRow = Record<(typeof HEADER)[number], string | number | null>;

/**
 * The dashboard as one long CSV table (RFC 4180, a row per number): section, level, reader,
 * class, metric, value, 95% interval, n. Confusion-matrix cells are metric "count final=…/ai=…".
 */
export function statsToCsv(stats: TSupervisionStats): string {
  const rows: TRow[] = [];
  const add = (section: string, level: string, reader: string, cls: string, metric: string, value: number | null, ci: TInterval | null, n: number | null) =>
    rows.push({ section, level, reader, class: cls, metric, value, ci_lower: ci?.lower ?? null, ci_upper: ci?.upper ?? null, n });
  const prop = (section: string, level: string, reader: string, cls: string, metric: string, p: TProportion) => add(section, level, reader, cls, metric, p.value, p.ci, p.n);
  const kappa = (section: string, level: string, reader: string, metric: string, k: TKappa) => add(section, level, reader, "", metric, k.kappa, k.ci, k.n);
  const block = (section: string, reader: string, b: TLevelBlock, rowName: string, colName: string) => {
    prop(section, b.level, reader, "", "percent_agreement", b.agreement);
    kappa(section, b.level, reader, "cohen_kappa", b.kappa);
    kappa(section, b.level, reader, "cohen_kappa_linear", b.weightedKappa);
    prop(section, b.level, reader, "", "accuracy", b.classes.accuracy);
    for (const c of DIAGNOSES) {
      prop(section, b.level, reader, c, "sensitivity", b.classes.perClass[c].sensitivity);
      prop(section, b.level, reader, c, "specificity", b.classes.perClass[c].specificity);
      prop(section, b.level, reader, c, "accuracy_one_vs_rest", b.classes.perClass[c].accuracy);
    }
    b.matrix.forEach((row, i) => row.forEach((count, j) => add(section, b.level, reader, "", `count ${rowName}=${DIAGNOSES[i]}/${colName}=${DIAGNOSES[j]}`, count, null, null)));
  };
  for (const b of stats.aiVsFinal) block("ai_vs_final", "", b, "final", "ai");
  for (const b of stats.readerVsReader) block("reader_vs_reader", "", b, "primary", "second");
  for (const r of stats.readerVsAi) for (const b of r.blocks) block("reader_vs_ai", r.readerName, b, "reader", "ai");
  for (const f of stats.fleiss) add("fleiss", f.level, "", "", "fleiss_kappa", f.kappa, f.ci, f.subjects);
  for (const [name, d] of Object.entries(stats.iou)) {
    for (const key of ["mean", "min", "q1", "median", "q3", "max"] as const) add(`iou_${name}`, "", "", "", key, d.summary[key], key === "mean" ? d.meanCi : null, d.summary.n);
  }
  for (const c of stats.corrections) {
    prop("corrections", "", "", c.modelVersion, "label_flip_rate", c.labelFlips);
    prop("corrections", "", "", c.modelVersion, "box_move_rate", c.boxMoves);
  }
  for (const item of stats.labelNoise) add("label_noise", item.level, "", `${item.aiDiagnosis}->${item.finalDiagnosis}`, `study ${item.studyId}`, item.probability, null, null);
  return [HEADER.join(","), ...rows.map((r) => HEADER.map((h) => cell(r[h])).join(","))].join("\r\n") + "\r\n";
}

function cell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  // Quote, and defuse spreadsheet formulas (a cell starting with = + - @ runs in Excel).
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
