import { db, type TDb } from "../db/client";
import { collectStats } from "./collect-stats";
import { computeDashboard, type TDashboard } from "./compute-dashboard";
import { parseInput } from "./parse-input";
import { ZStatsFilters, type TStatsFilters } from "./stats-filters";

export interface TSupervisionStats extends TDashboard {
  schema: "discern.stats/v1";
  generatedAt: string;
  filters: TStatsFilters;
  intervals: string;
}

/**
 * The supervisor dashboard's numbers for the filters: what /supervisor shows, GET /api/stats
 * returns and `discern stats --json` prints.
 */
export async function supervisionStats(filters: TStatsFilters = {}, client: TDb = db()): Promise<TSupervisionStats> {
  const parsed = parseInput(ZStatsFilters, filters);
  const studies = await collectStats(parsed, client);
  return {
    schema: "discern.stats/v1",
    generatedAt: new Date().toISOString(),
    filters: parsed,
    intervals:
      "95% intervals: Wilson score for proportions; analytic large-sample SE of Fleiss, Cohen & Everitt (1969) for Cohen's κ; seeded percentile bootstrap (2000 resamples) for Fleiss' κ.",
    ...computeDashboard(studies, { level: parsed.level, readerId: parsed.readerId }),
  };
}
