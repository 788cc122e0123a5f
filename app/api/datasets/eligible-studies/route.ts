import { apiRoute } from "@/lib/http/api-route";
import { eligibleStudyIds } from "@/lib/datasets";

/** Ids of the studies a new version can hold under ?labelSource=FINAL|AI|READER[&readerId=…]. */
export const GET = apiRoute("dataset:manage", async ({ request }) => {
  const url = new URL(request.url);
  return { studyIds: await eligibleStudyIds({ labelSource: url.searchParams.get("labelSource"), readerId: url.searchParams.get("readerId") ?? undefined }) };
});
