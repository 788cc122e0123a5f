import { z } from "zod";
import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { listPacsPushes, queuePacsPush } from "@/lib/pacs/push-results";

export const GET = apiRoute<{ studyId: string }>("report:read", async ({ params }) => ({ pushes: await listPacsPushes(params.studyId) }));

/** Queues a push of the study's current signed SR and PDF to one node (the worker sends it). */
export const POST = apiRoute<{ studyId: string }>("pacs:push", async ({ params, request }) => {
  const body = await parseJsonBody(request, z.object({ node: z.string().min(1).max(64) }).strict());
  await queuePacsPush({ studyId: params.studyId, node: body.node, via: "web" });
  return { pushes: await listPacsPushes(params.studyId) };
});
