import { apiRoute } from "@/lib/http/api-route";
import { signedStudyIds } from "@/lib/datasets/signed-study-ids";

/** Ids of every signed study (the candidates for a new dataset version). */
export const GET = apiRoute("dataset:manage", async () => ({ studyIds: await signedStudyIds() }));
