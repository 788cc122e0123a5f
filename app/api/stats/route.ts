import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { parseStatsFilters, statsToCsv, supervisionStats } from "@/lib/supervision";

const ZFormat = z.enum(["json", "csv"]).default("json");

/** GET /api/stats?from&to&readerId&modelVersion&level&format=json|csv: the dashboard's numbers. */
export const GET = apiRoute("stats:read", async ({ request }) => {
  const params = new URL(request.url).searchParams;
  const format = ZFormat.parse(params.get("format") ?? undefined);
  const stats = await supervisionStats(parseStatsFilters(params));
  const stamp = stats.generatedAt.slice(0, 10);
  if (format === "csv") {
    return new Response(statsToCsv(stats), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="discern-stats-${stamp}.csv"` },
    });
  }
  return new Response(JSON.stringify(stats, null, 2), {
    headers: { "content-type": "application/json; charset=utf-8", ...(params.has("format") ? { "content-disposition": `attachment; filename="discern-stats-${stamp}.json"` } : {}) },
  });
});
