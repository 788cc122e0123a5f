import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { amendReading } from "@/lib/review";
import { ZAmendBody, ZIdParam } from "@/lib/review/api-schemas";

/**
 * Starts an amendment of a signed reading, with a reason: a new reading; the signed one is never
 * edited. Who may (the signer, or a supervisor; adjudications only supervisors) is decided in
 * lib/review/policy: 403 otherwise, 422 without a reason.
 */
export const POST = apiRoute<{ readingId: string }>("study:sign", async ({ user, params, request }) => {
  const body = await parseJsonBody(request, ZAmendBody);
  const reading = await amendReading({ readingId: ZIdParam.parse(params.readingId), userId: user.id, reason: body.reason });
  return { reading: { id: reading.id, status: reading.status, amendsId: reading.amendsId, role: reading.role } };
});
