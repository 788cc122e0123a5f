import path from "node:path";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { decodeFrame, encodeGrayPng, readInstance, renderFrame8 } from "../../lib/dicom";
import { importFiles } from "../../lib/studies/import-files";
import { resetDatabase } from "./helpers";

// The route handlers run as they are; only the session lookup is replaced by a fixed user.
vi.mock("../../lib/auth/current-user", () => ({
  currentUser: async () => ({ id: "reader", email: "r@test.local", name: "Reader", role: "RADIOLOGIST" }),
  requireUser: async () => ({ id: "reader", email: "r@test.local", name: "Reader", role: "RADIOLOGIST" }),
}));

const { GET: getFrame } = await import("../../app/api/instances/[sopInstanceUid]/frames/[frame]/route");
const { GET: getImages } = await import("../../app/api/studies/[studyId]/images/route");

const FIXTURES = path.resolve(__dirname, "../fixtures/dicom");
const CT = path.join(FIXTURES, "cswil/CTImage.dcm");
const LUMBAR = path.join(FIXTURES, "fodicom/GH1339.dcm");

function frameRequest(sop: string, frame: string, query = "", headers: Record<string, string> = {}) {
  return getFrame(new Request(`http://test/api/instances/${sop}/frames/${frame}${query}`, { headers }), { params: Promise.resolve({ sopInstanceUid: sop, frame }) });
}

describe("[IMPORT] frames and study images API", () => {
  let ct: { sopInstanceUid: string; studyId: string };
  let lumbarSop: string;

  beforeAll(async () => {
    await resetDatabase();
    await importFiles({ paths: [CT, LUMBAR], source: "test" });
    const rows = await db().instance.findMany({ include: { series: true } });
    const ctRow = rows.find((r) => r.rows === 512)!;
    ct = { sopInstanceUid: ctRow.sopInstanceUid, studyId: ctRow.series.studyId };
    lumbarSop = rows.find((r) => r.rows === 320)!.sopInstanceUid;
  });
  afterAll(() => db().$disconnect());

  it("serves raw 16-bit little-endian pixels equal to decodeFrame, with window and rescale headers", async () => {
    const response = await frameRequest(ct.sopInstanceUid, "0");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    const parsed = readInstance(await readFile(CT));
    const decoded = await decodeFrame(parsed, 0);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(response.headers.get("x-rows")).toBe("512");
    expect(response.headers.get("x-columns")).toBe("512");
    expect(response.headers.get("x-signed")).toBe("1");
    expect(Number(response.headers.get("x-rescale-intercept"))).toBe(parsed.meta.rescaleIntercept);
    expect(response.headers.get("x-window-width")).not.toBeNull();
    const pixels = new Int16Array(body.buffer, body.byteOffset, body.byteLength / 2);
    expect(pixels.length).toBe(512 * 512);
    expect(Array.from(pixels)).toEqual(Array.from(decoded.pixels));
  });

  it("decodes compressed files too (JPEG lossless lumbar slice)", async () => {
    const response = await frameRequest(lumbarSop, "0");
    const decoded = await decodeFrame(readInstance(await readFile(LUMBAR)), 0);
    const body = new Uint8Array(await response.arrayBuffer());
    const pixels = response.headers.get("x-signed") === "1" ? new Int16Array(body.buffer) : new Uint16Array(body.buffer);
    expect(Array.from(pixels)).toEqual(Array.from(decoded.pixels));
  });

  it("renders a windowed PNG identical to renderFrame8 + encodeGrayPng", async () => {
    const response = await frameRequest(ct.sopInstanceUid, "0", "?format=png&wc=40&ww=400");
    expect(response.headers.get("content-type")).toBe("image/png");
    const parsed = readInstance(await readFile(CT));
    const expected = encodeGrayPng(renderFrame8(await decodeFrame(parsed, 0), parsed.meta, { center: 40, width: 400 }), 512, 512);
    expect(Buffer.from(await response.arrayBuffer()).equals(expected)).toBe(true);
  });

  it("answers 304 to a matching If-None-Match, and a new ETag for another window", async () => {
    const first = await frameRequest(ct.sopInstanceUid, "0");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}-0-raw"$/);
    const again = await frameRequest(ct.sopInstanceUid, "0", "", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const png = await frameRequest(ct.sopInstanceUid, "0", "?format=png&wc=40&ww=400", { "If-None-Match": etag });
    expect(png.status).toBe(200);
    expect(png.headers.get("etag")).not.toBe(etag);
  });

  it("answers 404 for an unknown instance or frame and 422 for a bad query", async () => {
    expect((await frameRequest("1.2.3.4", "0")).status).toBe(404);
    expect((await frameRequest(ct.sopInstanceUid, "1")).status).toBe(404);
    expect((await frameRequest(ct.sopInstanceUid, "0", "?format=png&wc=40")).status).toBe(422);
    expect((await frameRequest(ct.sopInstanceUid, "-1")).status).toBe(422);
  });

  it("lists a study's series and instances with geometry and frame URLs", async () => {
    const response = await getImages(new Request(`http://test/api/studies/${ct.studyId}/images`), { params: Promise.resolve({ studyId: ct.studyId }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { series: Array<{ plane: string; instances: Array<{ sopInstanceUid: string; positionAlongNormal: number | null; frameUrl: string; imagePositionPatient: number[] }> }> };
    expect(body.series).toHaveLength(1);
    const [instance] = body.series[0]!.instances;
    expect(instance?.sopInstanceUid).toBe(ct.sopInstanceUid);
    expect(instance?.imagePositionPatient).toHaveLength(3);
    expect(instance?.positionAlongNormal).toEqual(expect.any(Number));
    expect(instance?.frameUrl).toBe(`/api/instances/${ct.sopInstanceUid}/frames/0`);
    const missing = await getImages(new Request("http://test/api/studies/nope/images"), { params: Promise.resolve({ studyId: "nope" }) });
    expect(missing.status).toBe(404);
  });
});
