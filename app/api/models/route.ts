import { apiRoute } from "@/lib/http/api-route";
import { listModelVersions } from "@/lib/models";

/** Every registered model version by task, the active one marked, with each task's rollback target. */
export const GET = apiRoute("system:manage", async () => ({ tasks: await listModelVersions() }));
