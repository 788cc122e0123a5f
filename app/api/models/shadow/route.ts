import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { setShadow } from "@/lib/models";
import { ZShadowModelBody } from "@/lib/models/api-schemas";

/** Runs a version in shadow for its task ({ task, version }), or ends shadow mode ({ task, version: null }); audited. */
export const POST = apiRoute("system:manage", async ({ user, request }) => {
  const body = await parseJsonBody(request, ZShadowModelBody);
  return { modelVersion: await setShadow({ ...body, actorId: user.id, via: "web" }) };
});
