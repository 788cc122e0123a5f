import { apiRoute } from "@/lib/http/api-route";
import { generateReport, reportResponse } from "@/lib/report/generate-report";
import { ZIdParam } from "@/lib/review/api-schemas";

/** The signed study's report as a PDF download; 409 while the study is unsigned. */
export const GET = apiRoute<{ studyId: string }>("report:read", async ({ user, params }) =>
  reportResponse(await generateReport({ studyId: ZIdParam.parse(params.studyId), format: "pdf", actorId: user.id })),
);
