import { apiRoute } from "@/lib/http/api-route";
import { auditCsv } from "@/lib/audit/audit-csv";
import { auditLog, parseAuditFilters } from "@/lib/audit/audit-log";

/** GET /api/audit/csv?…: the filtered audit log as a CSV download (same filters as /api/audit). */
export const GET = apiRoute("audit:read", async ({ request, user }) => {
  const csv = auditCsv(await auditLog(user, parseAuditFilters(new URL(request.url).searchParams)));
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="discern-audit.csv"', "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
});
