import { z } from "zod";
import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { listPacsNodes, PACS_AUTH_KINDS, savePacsNode } from "@/lib/pacs/pacs-nodes";

/** The admin form's body; lib/pacs validates the values again (ZPacsNodeInput). */
const ZBody = z.object({
  name: z.string(),
  baseUrl: z.string(),
  authKind: z.enum(PACS_AUTH_KINDS),
  username: z.string().optional(),
  secret: z.string().optional(),
  timeoutMs: z.number().int().optional(),
  pushOnSign: z.boolean().optional(),
});

export const GET = apiRoute("pacs:manage", async () => ({ nodes: await listPacsNodes() }));

export const POST = apiRoute("pacs:manage", async ({ user, request }) => {
  const body = await parseJsonBody(request, ZBody);
  const node = await savePacsNode({ ...body, secret: body.secret || undefined, username: body.username || undefined }, { actorId: user.id, via: "web" });
  return { node };
});
