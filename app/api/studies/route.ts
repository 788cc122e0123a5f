import { apiRoute } from "@/lib/http/api-route";
import { worklist } from "@/lib/review";

/** Studies as the worklist shows them (patient, state, pipeline, AI findings per level). */
export const GET = apiRoute("study:read", async ({ user }) => ({ studies: await worklist(user) }));
