import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { startDatasetExport, ZStartExport } from "@/lib/datasets";
import { ZIdParam } from "@/lib/review/api-schemas";

/** Starts an export of a frozen version ({ format }); 202 with the export to poll. */
export const POST = apiRoute<{ versionId: string }>("dataset:manage", async ({ user, params, request }) =>
  NextResponse.json({ export: await startDatasetExport(ZIdParam.parse(params.versionId), await parseJsonBody(request, ZStartExport), user.id) }, { status: 202 }),
);
