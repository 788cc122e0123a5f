import type { TInterval } from "../stats";

/** "0.812 [0.701, 0.889]" or "-" for a plain-text report. */
export function fmtCli(value: number | null, ci: TInterval | null): string {
  if (value === null) return "-";
  return ci ? `${value.toFixed(3)} [${ci.lower.toFixed(3)}, ${ci.upper.toFixed(3)}]` : value.toFixed(3);
}
