import { apiRoute } from "@/lib/http/api-route";
import { importUpload } from "@/lib/studies/import-upload";

/**
 * Multipart upload of DICOM files (a folder's files, in chunks) or zips; streamed to a temporary
 * folder, never held in memory. Answers a discern.import/v1 summary with every file's outcome.
 */
export const POST = apiRoute("study:import", async ({ user, request }) => importUpload({ request, actorId: user.id }));
