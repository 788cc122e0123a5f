import { apiRoute } from "@/lib/http/api-route";
import { enqueuePipeline } from "@/lib/jobs/enqueue-pipeline";
import { ZIdParam } from "@/lib/review/api-schemas";

/** (Re)queues the AI pipeline on a study; a run already queued is returned, not duplicated. */
export const POST = apiRoute<{ studyId: string }>("study:analyze", async ({ user, params }) => {
  const queued = await enqueuePipeline(ZIdParam.parse(params.studyId), { actorId: user.id });
  return Response.json(queued, { status: queued.created ? 202 : 200 });
});
