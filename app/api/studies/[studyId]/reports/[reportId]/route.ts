import { apiRoute } from "@/lib/http/api-route";
import { reportResponse, storedReport } from "@/lib/report/stored-reports";
import { ZIdParam } from "@/lib/review/api-schemas";

/** One stored report by id (an amended study's earlier reports stay retrievable). */
export const GET = apiRoute<{ studyId: string; reportId: string }>("report:read", async ({ params }) =>
  reportResponse(await storedReport({ studyId: ZIdParam.parse(params.studyId), reportId: ZIdParam.parse(params.reportId) })),
);
