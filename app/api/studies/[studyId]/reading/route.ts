import { apiRoute } from "@/lib/http/api-route";
import { startStudyReading } from "@/lib/review";
import { ZIdParam } from "@/lib/review/api-schemas";

/**
 * The explicit start of a reading (the viewer's Start button and hotkey): resumes one's own open
 * reading (200) or takes the study for a new one (201); 409 naming the holder while another
 * reader holds it, 403 for a blinded study one was not assigned.
 */
export const POST = apiRoute<{ studyId: string }>("annotation:edit", async ({ user, params }) => {
  const { reading, created } = await startStudyReading({ studyId: ZIdParam.parse(params.studyId), userId: user.id });
  return Response.json(
    { reading: { id: reading.id, status: reading.status, role: reading.role, version: reading.version, startedAt: reading.startedAt?.toISOString() ?? null } },
    { status: created ? 201 : 200 },
  );
});
