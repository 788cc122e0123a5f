import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { assignStudies, ZAssignStudiesInput } from "@/lib/supervision";

/**
 * POST /api/supervision/bulk-assignments { studyIds, readers?: { design, readerIds }, adjudicatorId? }:
 * several studies at once, all or nothing (lib/supervision/assign-studies).
 */
export const POST = apiRoute("study:assign", async ({ user, request }) => {
  const input = await parseJsonBody(request, ZAssignStudiesInput);
  return Response.json(await assignStudies({ ...input, actorId: user.id }), { status: 201 });
});
