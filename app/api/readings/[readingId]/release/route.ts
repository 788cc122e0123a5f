import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { releaseReading } from "@/lib/review";
import { ZIdParam, ZReasonBody } from "@/lib/review/api-schemas";

/** Releases an open reading (supervisors; a reader their own claim): the study is free to start again. */
export const POST = apiRoute<{ readingId: string }>("study:read", async ({ user, params, request }) => {
  const body = await parseJsonBody(request, ZReasonBody);
  const reading = await releaseReading({ readingId: ZIdParam.parse(params.readingId), userId: user.id, ...(body.reason ? { reason: body.reason } : {}) });
  return { reading: { id: reading.id, status: reading.status } };
});
