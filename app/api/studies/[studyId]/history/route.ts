import { apiRoute } from "@/lib/http/api-route";
import { studyAuditTrail } from "@/lib/review";
import { ZIdParam } from "@/lib/review/api-schemas";

/** The study's audit events and every annotation revision (who, what, when, replacing what). */
export const GET = apiRoute<{ studyId: string }>("study:read", async ({ params, user }) => studyAuditTrail(ZIdParam.parse(params.studyId), user));
