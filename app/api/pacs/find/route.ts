import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { findInPacs, ZPacsQuery } from "@/lib/pacs/find-in-pacs";

export const POST = apiRoute("study:import", async ({ user, request }) => {
  const query = await parseJsonBody(request, ZPacsQuery);
  return { studies: await findInPacs(query, { actorId: user.id, via: "web" }) };
});
