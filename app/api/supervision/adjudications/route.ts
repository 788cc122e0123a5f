import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { assignAdjudicator, ZAssignAdjudicatorInput } from "@/lib/supervision";

/** POST /api/supervision/adjudications { studyId, readerId }: the third reader of a study in adjudication. */
export const POST = apiRoute("study:assign", async ({ user, request }) => {
  const input = await parseJsonBody(request, ZAssignAdjudicatorInput);
  return Response.json({ adjudication: await assignAdjudicator({ ...input, actorId: user.id }) }, { status: 201 });
});
