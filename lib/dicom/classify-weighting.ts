import type { InstanceMeta, TSeriesWeighting } from "./types";

/**
 * Spin-echo contrast by timing, in milliseconds, as the textbooks give it for 1.5–3 T: T1 short TR
 * and short TE; T2 long TR and long TE; PD long TR and short TE. Gradient-echo and inversion
 * sequences do not follow this table and fall to "other" unless the description names them.
 */
export const WEIGHTING_TIMING = {
  t1MaxRepetitionMs: 1000,
  t1MaxEchoMs: 30,
  longMinRepetitionMs: 1800,
  t2MinEchoMs: 60,
  pdMaxEchoMs: 35,
} as const;

/** A weighting token standing alone: "T2", "t2_tse_sag", "AX T1 FSE", "T2W"; not "MT2" or "T21". */
function mentions(text: string, token: string): boolean {
  return new RegExp(`(^|[^a-z0-9])${token}(w|wi)?([^a-z0-9]|$)`, "i").test(text);
}

/**
 * Weighting of a series: the series description decides when it names exactly one weighting
 * (operators name protocols reliably); otherwise echo and repetition times (see WEIGHTING_TIMING);
 * otherwise "other".
 */
export function classifyWeighting(meta: Pick<InstanceMeta, "seriesDescription" | "echoTime" | "repetitionTime">): TSeriesWeighting {
  const description = meta.seriesDescription ?? "";
  const named: TSeriesWeighting[] = [];
  if (mentions(description, "t1")) named.push("T1");
  if (mentions(description, "t2")) named.push("T2");
  if (mentions(description, "pd") || /proton\s*density/i.test(description)) named.push("PD");
  if (named.length === 1) return named[0]!;

  const te = meta.echoTime;
  const tr = meta.repetitionTime;
  if (te === undefined || tr === undefined || !(te > 0) || !(tr > 0)) return "other";
  const t = WEIGHTING_TIMING;
  if (tr <= t.t1MaxRepetitionMs && te <= t.t1MaxEchoMs) return "T1";
  if (tr >= t.longMinRepetitionMs && te >= t.t2MinEchoMs) return "T2";
  if (tr >= t.longMinRepetitionMs && te <= t.pdMaxEchoMs) return "PD";
  return "other";
}
