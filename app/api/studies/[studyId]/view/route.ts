import { apiRoute } from "@/lib/http/api-route";
import { studyView } from "@/lib/review";
import { ZIdParam } from "@/lib/review/api-schemas";

/** The viewer's data for the current user: images with geometry, the reading shown, its annotations. */
export const GET = apiRoute<{ studyId: string }>("study:read", async ({ user, params, request }) => {
  const readingId = new URL(request.url).searchParams.get("readingId");
  return studyView({ studyId: ZIdParam.parse(params.studyId), user, ...(readingId ? { readingId: ZIdParam.parse(readingId) } : {}) });
});
