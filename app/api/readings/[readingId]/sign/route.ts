import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { ZIdParam, ZSignBody } from "@/lib/review/api-schemas";
import { signSupervisedReading } from "@/lib/supervision";

/**
 * Signs the caller's reading; the study's reading design then decides its state
 * (lib/supervision): a single reading locks it, a blinded double reading waits for the second
 * signature and is compared, a disagreement goes to adjudication.
 */
export const POST = apiRoute<{ readingId: string }>("study:sign", async ({ user, params, request }) => {
  const body = await parseJsonBody(request, ZSignBody);
  const { reading, reviewState } = await signSupervisedReading({ readingId: ZIdParam.parse(params.readingId), userId: user.id, ...(body.version ? { version: body.version } : {}) });
  return { reading: { id: reading.id, status: reading.status, signedAt: reading.signedAt?.toISOString() ?? null }, reviewState };
});
