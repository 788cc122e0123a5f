import { apiRoute } from "@/lib/http/api-route";
import { datasetMemberRows } from "@/lib/datasets";
import { ZIdParam } from "@/lib/review/api-schemas";

/** A version's member studies with their split, as rows (patient ID, accession, description, date, series); an identified listing is audited. */
export const GET = apiRoute<{ versionId: string }>("dataset:manage", async ({ user, params }) => datasetMemberRows(user, ZIdParam.parse(params.versionId)));
