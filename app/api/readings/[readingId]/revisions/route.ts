import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { saveEdits } from "@/lib/review";
import { ZIdParam, ZSaveEditsBody } from "@/lib/review/api-schemas";

/** Saves edits as human revisions; a stale base answers 409 with the current state in `details`. */
export const POST = apiRoute<{ readingId: string }>("annotation:edit", async ({ user, params, request }) => {
  const body = await parseJsonBody(request, ZSaveEditsBody);
  const saved = await saveEdits({ readingId: ZIdParam.parse(params.readingId), user, changes: body.changes });
  return { saved };
});
