import { apiRoute } from "@/lib/http/api-route";
import { ZFrameParams, ZFrameQuery, toFrameRequest } from "@/lib/studies/frame-request";
import { frameEtag, getInstanceFrame, matchesEtag } from "@/lib/studies/instance-frame";

/**
 * One decoded frame. Default `raw`: 16-bit little-endian stored values plus X-* headers (rows,
 * columns, signedness, rescale, default window, photometric) so that the viewer windows on the
 * client and a window/level drag never costs a round trip; `?format=png&wc=&ww=` is a server-side
 * 8-bit rendering for reports and thumbnails. Content is immutable (keyed by the stored file's
 * sha256), hence a year of private caching, an ETag and 304 on If-None-Match without decoding.
 */
const CACHE_CONTROL = "private, max-age=31536000, immutable";

export const GET = apiRoute<{ sopInstanceUid: string; frame: string }>("study:read", async ({ params, request }) => {
  const { sopInstanceUid, frame } = ZFrameParams.parse(params);
  const query = ZFrameQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const lookup = { sopInstanceUid, frame, request: toFrameRequest(query) };
  const etag = await frameEtag(lookup);
  if (matchesEtag(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": CACHE_CONTROL } });
  }
  const result = await getInstanceFrame(lookup);
  // A copy: the cached frame's buffer must not be handed to the stream machinery.
  return new Response(new Uint8Array(result.body), {
    headers: { ...result.headers, "Content-Type": result.contentType, ETag: result.etag, "Cache-Control": CACHE_CONTROL, "Content-Length": String(result.body.byteLength) },
  });
});
