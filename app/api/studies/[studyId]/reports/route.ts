import { apiRoute } from "@/lib/http/api-route";
import { listReports } from "@/lib/report/stored-reports";
import { ZIdParam } from "@/lib/review/api-schemas";

/** Every stored report of a study (amended ones too), newest first, the current one marked. */
export const GET = apiRoute<{ studyId: string }>("report:read", async ({ params }) => ({ reports: await listReports(ZIdParam.parse(params.studyId)) }));
