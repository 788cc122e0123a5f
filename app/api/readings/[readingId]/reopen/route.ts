import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { reopenAnnotation } from "@/lib/review";
import { ZIdParam, ZReasonBody } from "@/lib/review/api-schemas";

/** A supervisor reopens an annotation submitted as done. */
export const POST = apiRoute<{ readingId: string }>("study:assign", async ({ user, params, request }) => {
  const body = await parseJsonBody(request, ZReasonBody);
  const reading = await reopenAnnotation({ readingId: ZIdParam.parse(params.readingId), userId: user.id, ...(body.reason ? { reason: body.reason } : {}) });
  return { reading: { id: reading.id, status: reading.status } };
});
