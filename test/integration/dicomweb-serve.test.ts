import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import dcmjs from "dcmjs";
import { api } from "dicomweb-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { studyPseudonym } from "../../lib/auth/identity-visibility";
import { db } from "../../lib/db/client";
import type { TDicomwebCalls, TDicomJson } from "../../lib/pacs/dicomweb";
import { FetchXhr } from "../../lib/pacs/fetch-xhr";
import { writeStudy } from "../../lib/phantom/write-study";
import { blobStore } from "../../lib/storage";
import { importFiles } from "../../lib/studies/import-files";
import { makeUser, resetDatabase } from "./helpers";
import { testSession as session } from "./test-session";

vi.mock("../../lib/auth/current-user", () => import("./test-session"));
const { GET } = await import("../../app/dicomweb/[...path]/route");

/** An HTTP server in front of the route handler, so that a real DICOMweb client talks to it. */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] !== "dicomweb") {
      res.writeHead(404).end();
      return;
    }
    void GET(new Request(url, { headers: req.headers as Record<string, string> }), { params: Promise.resolve({ path: parts.slice(1).map(decodeURIComponent) }) }).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const value = (d: TDicomJson, tag: string) => d[tag]?.Value?.[0];

describe("[DICOMWEB] discern serves its studies over QIDO-RS and WADO-RS (issue 15.4)", () => {
  let server: Server;
  let base: string;
  let tmp: string;
  let studyInstanceUid: string;
  let client: TDicomwebCalls & { retrieveStudyMetadata: (o: object) => Promise<TDicomJson[]>; retrieveInstanceFrames: (o: object) => Promise<ArrayBuffer[]> };
  const request = () => ({ instance: new FetchXhr(30_000) as unknown as XMLHttpRequest });

  beforeAll(async () => {
    await resetDatabase();
    tmp = await mkdtemp(path.join(os.tmpdir(), "discern-dicomweb-"));
    const written = await writeStudy(tmp, { seed: 33, variant: "standard" });
    studyInstanceUid = written.study.truth.studyInstanceUid;
    await importFiles({ paths: [written.dir], source: "test" });
    server = await serve();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicomweb`;
    client = new api.DICOMwebClient({ url: base, singlepart: false }) as unknown as typeof client;
  }, 60_000);

  afterAll(async () => {
    server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("401 without a session; a radiologist lists, reads metadata, retrieves instances and frames (dicomweb-client)", async () => {
    session.user = null;
    expect((await fetch(`${base}/studies`)).status).toBe(401);
    expect((await fetch(`${base}/studies/${studyInstanceUid}/series`)).status).toBe(401);

    const reader = await makeUser("RADIOLOGIST");
    session.user = { id: reader.id, email: reader.email, name: reader.name, role: "RADIOLOGIST" };
    const study = await db().study.findUniqueOrThrow({ where: { studyInstanceUid }, include: { patient: true, series: { include: { instances: true } } } });
    const instances = study.series.flatMap((s) => s.instances);

    const studies = await client.searchForStudies({ request: request() });
    expect(studies.map((s) => value(s, "0020000D"))).toEqual([studyInstanceUid]);
    expect(value(studies[0]!, "00100010")).toEqual({ Alphabetic: study.patient.name });
    expect(value(studies[0]!, "00201208")).toBe(instances.length);
    expect(await client.searchForStudies({ queryParams: { PatientID: "nobody" }, request: request() })).toEqual([]);

    const series = await client.searchForSeries({ studyInstanceUID: studyInstanceUid, request: request() });
    expect(series.map((s) => value(s, "0020000E")).sort()).toEqual(study.series.map((s) => s.seriesInstanceUid).sort());
    const listed = await client.searchForInstances({ studyInstanceUID: studyInstanceUid, request: request() });
    expect(listed.map((i) => value(i, "00080018")).sort()).toEqual(instances.map((i) => i.sopInstanceUid).sort());

    const metadata = await client.retrieveStudyMetadata({ studyInstanceUID: studyInstanceUid, request: request() });
    expect(metadata).toHaveLength(instances.length);
    const first = instances[0]!;
    const meta = metadata.find((m) => value(m, "00080018") === first.sopInstanceUid)!;
    expect([value(meta, "00280010"), value(meta, "00280011")]).toEqual([first.rows, first.columns]);
    expect(meta["7FE00010"]).toMatchObject({ BulkDataURI: expect.stringContaining(`/instances/${first.sopInstanceUid}/frames/1`) });

    const seriesUid = study.series.find((s) => s.id === first.seriesId)!.seriesInstanceUid;
    const bytes = await client.retrieveInstance({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: seriesUid, sopInstanceUID: first.sopInstanceUid, request: request() });
    expect(createHash("sha256").update(new Uint8Array(bytes)).digest("hex")).toBe(first.sha256);

    // Frame 1, uncompressed: the stored file's own Pixel Data values.
    const [frame] = await client.retrieveInstanceFrames({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: seriesUid, sopInstanceUID: first.sopInstanceUid, frameNumbers: [1], request: request() });
    const stored = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(await blobStore().get(first.sha256)).buffer).dict);
    const pixels = Buffer.from((stored.PixelData as ArrayBuffer[])[0]!);
    expect(frame!.byteLength).toBe(first.rows * first.columns * (first.bitsAllocated / 8));
    expect(Buffer.from(frame!).equals(pixels.subarray(0, frame!.byteLength))).toBe(true);

    const views = await db().auditEvent.findMany({ where: { type: "PATIENT_IDENTITY_VIEWED", actorId: reader.id } });
    expect(views.length).toBeGreaterThanOrEqual(3);
    expect(views.every((v) => (v.payload as { surface: string }).surface === "dicomweb")).toBe(true);
    expect((await fetch(`${base}/studies/1.2.3.4`)).status).toBe(404);
    expect((await fetch(`${base}/studies/not-a-uid/series`)).status).toBe(422);
    expect((await fetch(`${base}/studies/${studyInstanceUid}/series/${seriesUid}/instances/${first.sopInstanceUid}/frames/99`)).status).toBe(404);
  }, 120_000);

  it("an annotator gets the pseudonym in place of name and ID, in QIDO, metadata and the retrieved files; pixels unchanged", async () => {
    const annotator = await makeUser("ANNOTATOR");
    session.user = { id: annotator.id, email: annotator.email, name: annotator.name, role: "ANNOTATOR" };
    const study = await db().study.findUniqueOrThrow({ where: { studyInstanceUid }, include: { patient: true, series: { include: { instances: true } } } });
    const pseudonym = studyPseudonym(study.id);
    const [row] = await client.searchForStudies({ request: request() });
    expect([value(row!, "00100010"), value(row!, "00100020")]).toEqual([{ Alphabetic: pseudonym }, pseudonym]);
    expect(JSON.stringify(row)).not.toContain(study.patient.patientId);
    // Filtering by the real patient ID finds nothing: a filter never reveals a hidden identity.
    expect(await client.searchForStudies({ queryParams: { PatientID: study.patient.patientId }, request: request() })).toEqual([]);
    const metadata = await client.retrieveStudyMetadata({ studyInstanceUID: studyInstanceUid, request: request() });
    expect(JSON.stringify(metadata)).not.toContain(study.patient.patientId);
    const first = study.series[0]!.instances[0]!;
    const bytes = await client.retrieveInstance({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: study.series[0]!.seriesInstanceUid, sopInstanceUID: first.sopInstanceUid, request: request() });
    const masked = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(bytes).dict);
    const original = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(await blobStore().get(first.sha256)).buffer).dict);
    expect(masked.PatientID).toBe(pseudonym);
    expect(JSON.stringify(masked.PatientName)).toContain(pseudonym);
    expect(masked.SOPInstanceUID).toBe(first.sopInstanceUid);
    expect(Buffer.from((masked.PixelData as ArrayBuffer[])[0]!).equals(Buffer.from((original.PixelData as ArrayBuffer[])[0]!))).toBe(true);
    const audit = await db().auditEvent.count({ where: { type: "PATIENT_IDENTITY_VIEWED", actorId: annotator.id } });
    expect(audit).toBe(0);
  }, 120_000);
});
