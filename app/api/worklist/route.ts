import { apiRoute } from "@/lib/http/api-route";
import { worklist } from "@/lib/review";

/** Worklist rows (polled while a pipeline runs, for its progress). */
export const GET = apiRoute("study:read", async ({ user }) => ({ rows: await worklist(user) }));
