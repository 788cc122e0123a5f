import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { rollbackModel } from "@/lib/models";
import { ZRollbackModelBody } from "@/lib/models/api-schemas";

/** Restores the version of a task that was active before the current one ({ task }); audited. */
export const POST = apiRoute("system:manage", async ({ user, request }) => {
  const body = await parseJsonBody(request, ZRollbackModelBody);
  return { modelVersion: await rollbackModel({ task: body.task, actorId: user.id, via: "web" }) };
});
