import { apiRoute } from "@/lib/http/api-route";
import { eligibleStudyRows } from "@/lib/datasets";

/** The studies a new version can hold under ?labelSource=FINAL|AI|READER[&readerId=…], as rows (patient ID, accession, description, date, series); an identified listing is audited. */
export const GET = apiRoute("dataset:manage", async ({ user, request }) => {
  const url = new URL(request.url);
  return eligibleStudyRows(user, { labelSource: url.searchParams.get("labelSource"), readerId: url.searchParams.get("readerId") ?? undefined });
});
