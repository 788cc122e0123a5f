import { apiRoute } from "@/lib/http/api-route";
import { datasetExportStatus } from "@/lib/datasets";
import { ZIdParam } from "@/lib/review/api-schemas";

/** An export's status and progress (0..1), for the datasets page's progress bar. */
export const GET = apiRoute<{ exportId: string }>("dataset:manage", async ({ params }) => ({ export: await datasetExportStatus(ZIdParam.parse(params.exportId)) }));
