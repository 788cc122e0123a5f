import { apiRoute } from "@/lib/http/api-route";
import { amendReading } from "@/lib/review";
import { ZIdParam } from "@/lib/review/api-schemas";

/** Starts an amendment of a signed reading: a new reading; the signed one is never edited. */
export const POST = apiRoute<{ readingId: string }>("study:sign", async ({ user, params }) => {
  const reading = await amendReading({ readingId: ZIdParam.parse(params.readingId), userId: user.id });
  return { reading: { id: reading.id, status: reading.status, amendsId: reading.amendsId } };
});
