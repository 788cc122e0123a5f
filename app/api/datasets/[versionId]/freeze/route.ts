import { apiRoute } from "@/lib/http/api-route";
import { freezeDatasetVersion } from "@/lib/datasets";
import { ZIdParam } from "@/lib/review/api-schemas";

/** Freezes a version: members and labels fixed, exports allowed. */
export const POST = apiRoute<{ versionId: string }>("dataset:manage", async ({ user, params }) => ({ version: await freezeDatasetVersion(ZIdParam.parse(params.versionId), user.id) }));
