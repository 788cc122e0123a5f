import { apiRoute } from "@/lib/http/api-route";
import { reportResponse, storedReport } from "@/lib/report/stored-reports";
import { ZIdParam } from "@/lib/review/api-schemas";

/** The signed study's report as a PDF download: the bytes stored at signing (GET never writes); 409 while unsigned. */
export const GET = apiRoute<{ studyId: string }>("report:read", async ({ params }) =>
  reportResponse(await storedReport({ studyId: ZIdParam.parse(params.studyId), format: "pdf" })),
);
