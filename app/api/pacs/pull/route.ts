import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { pullAsNdjson } from "@/lib/pacs/pull-stream";
import { ZPullRequest } from "@/lib/pacs/pull-study";

/** Retrieves a study (or some series) from a PACS into discern; progress and result as NDJSON. */
export const POST = apiRoute("study:import", async ({ user, request }) => {
  const body = await parseJsonBody(request, ZPullRequest);
  return pullAsNdjson(body, user.id);
});
