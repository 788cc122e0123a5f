import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { signReading } from "@/lib/review";
import { ZIdParam, ZSignBody } from "@/lib/review/api-schemas";

/** Signs the caller's reading; a primary reading locks the study. */
export const POST = apiRoute<{ readingId: string }>("study:sign", async ({ user, params, request }) => {
  const body = await parseJsonBody(request, ZSignBody);
  const reading = await signReading({ readingId: ZIdParam.parse(params.readingId), userId: user.id, ...(body.version ? { version: body.version } : {}) });
  return { reading: { id: reading.id, status: reading.status, signedAt: reading.signedAt?.toISOString() ?? null } };
});
