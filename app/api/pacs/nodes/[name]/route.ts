import { apiRoute } from "@/lib/http/api-route";
import { removePacsNode } from "@/lib/pacs/pacs-nodes";

export const DELETE = apiRoute<{ name: string }>("pacs:manage", async ({ user, params }) => {
  await removePacsNode(decodeURIComponent(params.name), { actorId: user.id, via: "web" });
  return { removed: true };
});
