import { apiRoute } from "@/lib/http/api-route";
import { openReading } from "@/lib/review";
import { ZIdParam } from "@/lib/review/api-schemas";

/** Opens (or takes) the current user's reading of the study. */
export const POST = apiRoute<{ studyId: string }>("annotation:edit", async ({ user, params }) => {
  const reading = await openReading({ studyId: ZIdParam.parse(params.studyId), userId: user.id, userRole: user.role });
  return { reading: { id: reading.id, status: reading.status, role: reading.role, version: reading.version } };
});
