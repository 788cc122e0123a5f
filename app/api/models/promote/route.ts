import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { promoteModel } from "@/lib/models";
import { ZPromoteModelBody } from "@/lib/models/api-schemas";

/** Makes a registered version the active one of its task ({ task, version }); audited. */
export const POST = apiRoute("system:manage", async ({ user, request }) => {
  const body = await parseJsonBody(request, ZPromoteModelBody);
  return { modelVersion: await promoteModel({ ...body, actorId: user.id, via: "web" }) };
});
