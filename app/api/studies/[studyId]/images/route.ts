import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { getStudyImages } from "@/lib/studies/get-study-images";

const ZParams = z.object({ studyId: z.string().min(1).max(64) });

/** Series and instances of a study with geometry, ordered along each series' normal (viewer). */
export const GET = apiRoute<{ studyId: string }>("study:read", async ({ params }) => getStudyImages(ZParams.parse(params).studyId));
