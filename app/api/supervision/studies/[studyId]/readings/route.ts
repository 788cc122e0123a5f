import { apiRoute } from "@/lib/http/api-route";
import { studyReadingsFor } from "@/lib/supervision";

/**
 * GET /api/supervision/studies/:studyId/readings: the study's reading design and the readings this
 * user may see; while a double reading is blinded, a reader gets only their own (lib enforces it).
 */
export const GET = apiRoute<{ studyId: string }>("study:read", async ({ user, params }) => studyReadingsFor(params.studyId, user));
