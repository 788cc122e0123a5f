import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { pullStudy, ZPullRequest } from "@/lib/pacs/pull-study";
import { afterStudyImported } from "@/lib/studies/after-study-imported";

/** Retrieves a study (or some series) from a PACS into discern; answers discern.pacs-pull/v1. */
export const POST = apiRoute("study:import", async ({ user, request }) => {
  const body = await parseJsonBody(request, ZPullRequest);
  return await pullStudy(body, { actorId: user.id, via: "web", afterStudyImported });
});
