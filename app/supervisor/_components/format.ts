import type { TInterval, TKappa, TProportion } from "@/lib/stats";

/** "0.812 (0.701–0.889)", or "—" when undefined. */
export function fmtNumber(value: number | null, ci?: TInterval | null, digits = 3): string {
  if (value === null || !Number.isFinite(value)) return "—";
  const v = value.toFixed(digits);
  return ci ? `${v} (${ci.lower.toFixed(digits)}–${ci.upper.toFixed(digits)})` : v;
}

/** "84.2% (79.0–88.4) 123/146", or "—" without trials. */
export function fmtProportion(p: TProportion): string {
  if (p.value === null) return "—";
  const ci = p.ci ? ` (${(p.ci.lower * 100).toFixed(1)}–${(p.ci.upper * 100).toFixed(1)})` : "";
  return `${(p.value * 100).toFixed(1)}%${ci} ${p.successes}/${p.n}`;
}

/** κ with its interval; "not shown (n < 10)" when the dashboard withheld it for too few subjects. */
export function fmtKappa(k: TKappa & { withheld?: string | null }): string {
  if (k.withheld) return "not shown (too few subjects)";
  return fmtNumber(k.kappa, k.ci);
}
