import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { createDatasetVersion, listDatasetVersions, ZCreateDatasetVersion } from "@/lib/datasets";

/** Dataset versions, newest first per name, with member counts and recent exports. */
export const GET = apiRoute("dataset:manage", async () => ({ versions: await listDatasetVersions() }));

/** A new unfrozen version: name, label source, member studies, split seed and fractions. */
export const POST = apiRoute("dataset:manage", async ({ user, request }) => ({ version: await createDatasetVersion(await parseJsonBody(request, ZCreateDatasetVersion), user.id) }));
