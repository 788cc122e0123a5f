import { apiRoute } from "@/lib/http/api-route";
import { getPipelineStatus } from "@/lib/jobs/get-pipeline-status";
import { ZIdParam } from "@/lib/review/api-schemas";

/** The study's pipeline status and last runs (progress, error sentence, device, timings). */
export const GET = apiRoute<{ studyId: string }>("study:read", async ({ params }) => getPipelineStatus(ZIdParam.parse(params.studyId)));
