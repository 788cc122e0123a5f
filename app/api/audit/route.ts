import { apiRoute } from "@/lib/http/api-route";
import { auditLog, parseAuditFilters } from "@/lib/audit/audit-log";

/** GET /api/audit?studyId&userId&type&from&to&take: the audit log (supervisors and admins). */
export const GET = apiRoute("audit:read", async ({ request, user }) => ({ events: await auditLog(user, parseAuditFilters(new URL(request.url).searchParams)) }));
