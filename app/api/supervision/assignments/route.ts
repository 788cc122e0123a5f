import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { assignStudy, ZAssignStudyInput } from "@/lib/supervision";

/** POST /api/supervision/assignments { studyId, design, readerIds }: single or blinded double reading. */
export const POST = apiRoute("study:assign", async ({ user, request }) => {
  const input = await parseJsonBody(request, ZAssignStudyInput);
  return Response.json({ assignment: await assignStudy({ ...input, actorId: user.id }) }, { status: 201 });
});
