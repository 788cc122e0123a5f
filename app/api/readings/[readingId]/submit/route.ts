import { apiRoute } from "@/lib/http/api-route";
import { submitAnnotation } from "@/lib/review";
import { ZIdParam } from "@/lib/review/api-schemas";

/** An annotator submits their annotation reading as done (a dataset label source from then on). */
export const POST = apiRoute<{ readingId: string }>("annotation:edit", async ({ user, params }) => {
  const reading = await submitAnnotation({ readingId: ZIdParam.parse(params.readingId), userId: user.id });
  return { reading: { id: reading.id, status: reading.status, doneAt: reading.doneAt?.toISOString() ?? null } };
});
