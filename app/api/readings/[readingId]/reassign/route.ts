import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { reassignReading } from "@/lib/review";
import { ZIdParam, ZReassignBody } from "@/lib/review/api-schemas";

/** Hands an open reading to another reader (supervisors): the old one is superseded, a new one assigned. */
export const POST = apiRoute<{ readingId: string }>("study:assign", async ({ user, params, request }) => {
  const body = await parseJsonBody(request, ZReassignBody);
  const reading = await reassignReading({ readingId: ZIdParam.parse(params.readingId), userId: user.id, toReaderId: body.toReaderId });
  return Response.json({ reading: { id: reading.id, status: reading.status, role: reading.role, readerId: reading.readerId } }, { status: 201 });
});
