import { apiRoute } from "@/lib/http/api-route";
import { serveDicomweb } from "@/lib/dicomweb/route-dicomweb";

/**
 * discern as a read-only DICOMweb server (QIDO-RS, WADO-RS) for OHIF and other viewers, under the
 * same session and permission as the viewer (study:read); identity masked per
 * lib/auth/identity-visibility. Only GET: STOW-RS and everything else answer 405.
 */
export const GET = apiRoute<{ path: string[] }>("study:read", async ({ user, params, request }) => {
  const url = new URL(request.url);
  const base = `${url.origin}/dicomweb`;
  return serveDicomweb(user, params.path ?? [], url.searchParams, base);
});
