import type { TAnalysis } from "../analysis/schema";
import { DISC_LEVELS, VERTEBRA_LABELS } from "../phantom/truth";

const pct = (x: number) => `${(x * 100).toFixed(0)}%`.padStart(4);

/** `discern analyze` without --json: vertebrae, one row per disc level, flags and timings. */
export function formatAnalysis(a: TAnalysis): string {
  const lines: string[] = [];
  lines.push(`Study ${a.studyInstanceUid}: sagittal ${a.series.sagittal ?? "none"}, ${a.series.axial.length} axial series, ${a.series.ignored.length} ignored, ${a.skippedFiles.length} files skipped${a.setAsideImages?.length ? `, ${a.setAsideImages.length} image(s) set aside` : ""}.`);
  for (const s of a.setAsideImages ?? []) lines.push(`  set aside: ${s.path ?? s.sopInstanceUid}${s.frameIndex === undefined ? "" : ` frame ${s.frameIndex}`}: ${s.reason}`);
  const found = new Map(a.vertebrae.map((v) => [v.label, v]));
  lines.push(`Vertebrae: ${VERTEBRA_LABELS.map((l) => `${l} ${found.get(l)?.score == null ? (found.has(l) ? "given" : "missing") : found.get(l)!.score!.toFixed(2)}`).join(", ")}`);
  // How they were named (issue 11) and what the reader must check about the count.
  for (const note of a.counting?.notes ?? []) lines.push(`  ${note}`);
  if (a.counting && a.counting.flags.length > 0) lines.push(`  Counting flags: ${a.counting.flags.join(", ")}.`);
  lines.push("");
  lines.push("level   diagnosis    normal bulge hern.  slices  flags");
  for (const level of DISC_LEVELS) {
    const row = a.levels.find((l) => l.level === level);
    const slices = a.slices.filter((s) => s.level === level);
    const flags = [...new Set(slices.flatMap((s) => s.flags))].join(", ");
    if (!row) {
      lines.push(`${level.padEnd(7)} ${"—".padEnd(12)} ${"".padEnd(18)} ${String(slices.length).padStart(6)}  ${flags}`);
      continue;
    }
    const p = row.probabilities;
    lines.push(`${level.padEnd(7)} ${row.diagnosis.padEnd(12)} ${pct(p.normal)}  ${pct(p.bulge)}  ${pct(p.herniation)}  ${String(slices.length).padStart(6)}  ${flags}`);
  }
  const unassigned = a.slices.filter((s) => s.level === null).length;
  if (unassigned > 0) lines.push(`${unassigned} axial slice(s) outside L1–S1 or without a level.`);
  lines.push("");
  const t = a.timingsMs;
  lines.push(`Device ${a.device}; models ${a.models.map((m) => `${m.id}@${m.version}`).join(", ") || "none"}.`);
  lines.push(`Timings (ms): ${Object.entries(t).map(([k, v]) => `${k} ${v}`).join(", ")}.`);
  return `${lines.join("\n")}\n`;
}
