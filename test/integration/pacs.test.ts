import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import dcmjs from "dcmjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { walkFiles } from "../../lib/cli/walk-files";
import { db } from "../../lib/db/client";
import { modelDir } from "../../lib/inference/models";
import { releaseModelSessions } from "../../lib/inference/session";
import { enqueuePipeline } from "../../lib/jobs/enqueue-pipeline";
import { processNextPipelineJob } from "../../lib/jobs/pipeline-worker";
import { getBoss, PGBOSS_SCHEMA, stopBoss } from "../../lib/jobs/queue";
import { pipelineAnalyzer } from "../../lib/jobs/run-pipeline-job";
import { testPacsNode } from "../../lib/pacs/dicomweb";
import { findInPacs } from "../../lib/pacs/find-in-pacs";
import { listPacsNodes, loadPacsNode, savePacsNode } from "../../lib/pacs/pacs-nodes";
import { pullAsNdjson } from "../../lib/pacs/pull-stream";
import { pullStudy } from "../../lib/pacs/pull-study";
import { PACS_PUSH_QUEUE, processNextPacsPushJob } from "../../lib/pacs/push-queue";
import { listPacsPushes, queuePacsPush, runPacsPush } from "../../lib/pacs/push-results";
import { writeStudy } from "../../lib/phantom/write-study";
import { loadPipelineModels } from "../../lib/pipeline/pipeline-models";
import { storedReport } from "../../lib/report/stored-reports";
import { amendReading, signReading, startStudyReading } from "../../lib/review";
import { makeUser, resetDatabase } from "./helpers";
import { orthancMissing, orthancStore, orthancStudyInstances, startOrthanc, type TOrthanc } from "./orthanc";

const ROOT = path.resolve(__dirname, "../..");
const missing = orthancMissing() ?? (existsSync(path.join(modelDir("vertebrae"), "model.onnx")) ? null : "the committed models are absent");
if (missing) console.warn(`skipping the PACS tests: ${missing}`);
const DCIODVFY = "/usr/bin/dciodvfy";

const COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
const ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1";
const handler = (data: { pushId: string }, attempt: { final: boolean }) => runPacsPush(data.pushId, attempt);

/** Orthanc's stored file of one instance (by SOP Instance UID), through its REST API. */
async function orthancFile(orthanc: TOrthanc, sopInstanceUid: string): Promise<Buffer> {
  const ids = (await (await fetch(`${orthanc.url}/tools/lookup`, { method: "POST", body: sopInstanceUid })).json()) as Array<{ ID: string; Type: string }>;
  const id = ids.find((i) => i.Type === "Instance")!.ID;
  return Buffer.from(await (await fetch(`${orthanc.url}/instances/${id}/file`)).arrayBuffer());
}

/** dciodvfy's lines that are errors (it prints "Error - …" / "E: …"), or the reason it could not run. */
function dciodvfyErrors(file: string): { errors: string[]; warnings: string[] } {
  const out = spawnSync(DCIODVFY, [file], { encoding: "utf8" });
  const lines = `${out.stdout}\n${out.stderr}`.split("\n").map((l) => l.trim()).filter(Boolean);
  return { errors: lines.filter((l) => /^(Error|E:)/.test(l)), warnings: lines.filter((l) => /^(Warning|W:)/.test(l)) };
}

describe.skipIf(missing !== null)("[PACS] DICOMweb against a real Orthanc (issue 15)", () => {
  let orthanc: TOrthanc;
  let tmp: string;
  let studyInstanceUid: string;
  let files: string[];

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET ??= "pacs-test-secret-0123456789abcdefghijklmnop";
    await resetDatabase();
    await db().$executeRawUnsafe(`DELETE FROM ${PGBOSS_SCHEMA}.job`).catch(() => undefined);
    orthanc = await startOrthanc();
    tmp = await mkdtemp(path.join(os.tmpdir(), "discern-pacs-"));
    const written = await writeStudy(tmp, { seed: 21, variant: "standard" });
    studyInstanceUid = written.study.truth.studyInstanceUid;
    files = [];
    for await (const file of walkFiles([written.dir])) if (file.endsWith(".dcm")) files.push(file);
    for (const file of files) await orthancStore(orthanc, await readFile(file));
  }, 60_000);

  afterAll(async () => {
    await stopBoss();
    await releaseModelSessions();
    await orthanc?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("nodes: secrets sealed (never in the row, the list or the audit), the test call reaches Orthanc, a dead node is one sentence", async () => {
    const token = "s3cret-bearer-token-value";
    const node = await savePacsNode({ name: "sealed", baseUrl: `${orthanc.dicomweb}/`, authKind: "BEARER", secret: token }, { actorId: null, via: "cli" });
    expect(node).toMatchObject({ name: "sealed", baseUrl: orthanc.dicomweb, authKind: "BEARER", hasSecret: true });
    const row = await loadPacsNode("sealed");
    expect(row.secretCipher).not.toContain(token);
    expect(Buffer.from(row.secretCipher!, "base64").toString("latin1")).not.toContain(token);
    expect(JSON.stringify(await listPacsNodes())).not.toContain(token);
    expect(JSON.stringify(await db().auditEvent.findMany())).not.toContain(token);
    // Orthanc here has authentication off: it ignores the header, and the call goes through.
    expect((await testPacsNode(row)).ms).toBeGreaterThanOrEqual(0);
    // Updating without a secret keeps the sealed one; BASIC without a username is refused.
    await savePacsNode({ name: "sealed", baseUrl: orthanc.dicomweb, authKind: "BEARER", timeoutMs: 5000 }, { actorId: null, via: "web" });
    expect((await loadPacsNode("sealed")).secretCipher).toBe(row.secretCipher);
    await expect(savePacsNode({ name: "x", baseUrl: orthanc.dicomweb, authKind: "BASIC", secret: "p" }, { actorId: null, via: "web" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await savePacsNode({ name: "dead", baseUrl: "http://127.0.0.1:9/dicom-web", timeoutMs: 2000, pushOnSign: false }, { actorId: null, via: "cli" });
    await expect(testPacsNode(await loadPacsNode("dead"))).rejects.toMatchObject({ code: "PEER_FAILED", userMessage: expect.stringContaining('"dead" could not be reached') });
    await db().pacsNode.delete({ where: { name: "sealed" } });
  });

  it("basic authentication against an Orthanc that requires it: the sealed password opens it, a wrong one is the peer's 401", async () => {
    const locked = await startOrthanc({ users: { discern: "correct-pacs-password" } });
    try {
      expect((await fetch(`${locked.dicomweb}/studies`)).status).toBe(401);
      await savePacsNode({ name: "locked", baseUrl: locked.dicomweb, authKind: "BASIC", username: "discern", secret: "correct-pacs-password", pushOnSign: false }, { actorId: null, via: "web" });
      expect((await testPacsNode(await loadPacsNode("locked"))).ms).toBeGreaterThanOrEqual(0);
      await savePacsNode({ name: "locked", baseUrl: locked.dicomweb, authKind: "BASIC", username: "discern", secret: "wrong", pushOnSign: false }, { actorId: null, via: "web" });
      await expect(testPacsNode(await loadPacsNode("locked"))).rejects.toMatchObject({ code: "PEER_FAILED", userMessage: expect.stringContaining("answered HTTP 401") });
    } finally {
      await db().pacsNode.deleteMany({ where: { name: "locked" } });
      await locked.stop();
    }
  }, 60_000);

  it("phantom in Orthanc → found → pulled (resumable, idempotent) → analysed → signed → SR and PDF in Orthanc; an amendment pushes the amended objects", async () => {
    await savePacsNode({ name: "orthanc", baseUrl: orthanc.dicomweb }, { actorId: null, via: "cli" });

    const found = await findInPacs({ node: "orthanc", modality: "MR", description: "" }, { actorId: null, via: "web" });
    expect(found.map((s) => s.studyInstanceUid)).toEqual([studyInstanceUid]);
    expect(found[0]!.instancesInDiscern).toBe(0);
    expect(found[0]!.series.reduce((n, s) => n + (s.instances ?? 0), 0)).toBe(files.length);
    expect(found[0]!.series.every((s) => s.description.length > 0 && s.modality === "MR")).toBe(true);
    expect(await findInPacs({ node: "orthanc", patientId: "NO-SUCH-PATIENT" }, { actorId: null, via: "web" })).toEqual([]);

    // Interrupted after 30 instances: the first batch of 25 is imported, the rest is fetched on resume.
    const interrupted = await pullStudy({ node: "orthanc", studyInstanceUid }, { actorId: null, via: "cli", onProgress: (p) => { if (p.retrieved === 30) throw new Error("connection lost"); } }).catch((e: Error) => e);
    expect((interrupted as Error).message).toBe("connection lost");
    const afterInterruption = await db().instance.count();
    expect(afterInterruption).toBe(25);
    const pulled = await pullStudy({ node: "orthanc", studyInstanceUid }, { actorId: null, via: "cli", afterStudyImported: async (s) => void (await enqueuePipeline(s.studyId)) });
    console.info(`pull: ${pulled.retrieved} instances, ${(pulled.bytes / 1e6).toFixed(1)} MB in ${pulled.elapsedMs} ms (${((pulled.bytes / 1e6) / (pulled.elapsedMs / 1000)).toFixed(1)} MB/s, ${(pulled.retrieved / (pulled.elapsedMs / 1000)).toFixed(1)} instances/s; one WADO-RS request per instance, import included)`);
    expect(pulled).toMatchObject({ instancesTotal: files.length, alreadyStored: 25, retrieved: files.length - 25, failed: 0, imported: files.length - 25, problems: [] });
    const study = await db().study.findUniqueOrThrow({ where: { studyInstanceUid } });
    expect(await db().instance.count({ where: { series: { studyId: study.id } } })).toBe(files.length);
    // Same bytes as the files stored in Orthanc (the content-addressed store dedupes on them).
    const shas = new Set((await db().instance.findMany({ select: { sha256: true } })).map((i) => i.sha256));
    const { createHash } = await import("node:crypto");
    for (const file of files) expect(shas.has(createHash("sha256").update(await readFile(file)).digest("hex"))).toBe(true);

    // The pipeline job queued by the pull, run in-process with the committed models.
    const outcome = await processNextPipelineJob(pipelineAnalyzer(() => loadPipelineModels({ device: "cpu" })), "pacs-test");
    expect(outcome?.status).toBe("DONE");

    const reader = await makeUser("RADIOLOGIST");
    const { reading } = await startStudyReading({ studyId: study.id, userId: reader.id });
    const signed = await signReading({ readingId: reading.id, userId: reader.id });
    expect(signed.reports.map((r) => r.format).sort()).toEqual(["fhir", "pdf", "sr"]);
    // The signing hook queued one push to the node with pushOnSign ("dead" has it off).
    let pushes = await listPacsPushes(study.id);
    expect(pushes).toMatchObject([{ node: "orthanc", readingId: reading.id, status: "QUEUED", via: "sign", current: true }]);
    expect(await processNextPacsPushJob(handler)).toBe("done");
    pushes = await listPacsPushes(study.id);
    expect(pushes[0]).toMatchObject({ status: "SENT", attempts: 1, lastError: null });

    const inOrthanc = await orthancStudyInstances(orthanc, studyInstanceUid);
    expect(inOrthanc).toHaveLength(files.length + 2);
    const sr = inOrthanc.find((i) => i.sopClassUid === COMPREHENSIVE_SR)!;
    const pdf = inOrthanc.find((i) => i.sopClassUid === ENCAPSULATED_PDF)!;
    expect([sr.modality, pdf.modality]).toEqual(["SR", "DOC"]);
    const row = await db().pacsPush.findFirstOrThrow({ where: { readingId: reading.id } });
    expect(row.sopInstanceUids).toEqual([sr.sopInstanceUid, pdf.sopInstanceUid]);
    const storedSr = await storedReport({ studyId: study.id, format: "sr" });
    const srInOrthanc = await orthancFile(orthanc, sr.sopInstanceUid);
    expect(srInOrthanc.equals(storedSr.bytes)).toBe(true);
    const pdfDs = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(await orthancFile(orthanc, pdf.sopInstanceUid)).buffer).dict);
    const storedPdf = (await storedReport({ studyId: study.id, format: "pdf" })).bytes;
    const doc = Buffer.from((pdfDs.EncapsulatedDocument as ArrayBuffer[])[0]!);
    expect(doc.subarray(0, Number(pdfDs.EncapsulatedDocumentLength)).equals(storedPdf)).toBe(true);
    expect([pdfDs.StudyInstanceUID, pdfDs.MIMETypeOfEncapsulatedDocument]).toEqual([studyInstanceUid, "application/pdf"]);
    expect(await db().auditEvent.count({ where: { type: "PACS_PUSHED", studyId: study.id } })).toBe(1);

    // dciodvfy (dicom3tools) on what Orthanc holds: no errors.
    if (existsSync(DCIODVFY)) {
      const srFile = path.join(tmp, "sr.dcm");
      const pdfFile = path.join(tmp, "pdf.dcm");
      await writeFile(srFile, srInOrthanc);
      await writeFile(pdfFile, await orthancFile(orthanc, pdf.sopInstanceUid));
      const srCheck = dciodvfyErrors(srFile);
      const pdfCheck = dciodvfyErrors(pdfFile);
      console.info(`dciodvfy SR warnings (${srCheck.warnings.length}):\n${srCheck.warnings.join("\n")}\ndciodvfy PDF warnings (${pdfCheck.warnings.length}):\n${pdfCheck.warnings.join("\n")}`);
      expect(srCheck.errors).toEqual([]);
      expect(pdfCheck.errors).toEqual([]);
    } else console.warn("dciodvfy absent (apt-get install -y dicom3tools): the SR was not validated");

    // A second pull changes nothing: no fetch, no row, no run, no job (the pushed SR and PDF stay on the PACS).
    const counts = async () => [await db().instance.count(), await db().study.count(), await db().series.count(), await db().pipelineRun.count()];
    const before = await counts();
    const again = await pullStudy({ node: "orthanc", studyInstanceUid }, { actorId: null, via: "web", afterStudyImported: async (s) => void (await enqueuePipeline(s.studyId)) });
    console.info(`second pull (nothing to fetch): ${again.instancesTotal} instances listed in ${again.elapsedMs} ms`);
    expect(again).toMatchObject({ instancesTotal: files.length, alreadyStored: files.length, retrieved: 0, imported: 0, nonImageSeries: 2, problems: [] });
    expect(await counts()).toEqual(before);

    // An amendment is signed → its own push → the amended SR and PDF join the study on the PACS.
    const amendment = await amendReading({ readingId: reading.id, userId: reader.id, reason: "Re-read after the PACS push" });
    await signReading({ readingId: amendment.id, userId: reader.id });
    expect(await processNextPacsPushJob(handler)).toBe("done");
    pushes = await listPacsPushes(study.id);
    expect(pushes.map((p) => [p.readingId, p.status, p.current])).toEqual([[amendment.id, "SENT", true], [reading.id, "SENT", false]]);
    const afterAmend = await orthancStudyInstances(orthanc, studyInstanceUid);
    expect(afterAmend.filter((i) => i.sopClassUid === COMPREHENSIVE_SR)).toHaveLength(2);
    expect(afterAmend.filter((i) => i.sopClassUid === ENCAPSULATED_PDF)).toHaveLength(2);
  }, 300_000);

  it("a push to a node that is down is retried by the queue with backoff, and its failure is recorded and audited", async () => {
    const study = await db().study.findFirstOrThrow({ where: { studyInstanceUid } });
    const [pushId] = await queuePacsPush({ studyId: study.id, node: "dead", via: "web" });
    expect(await processNextPacsPushJob(handler)).toBe("failed");
    const row = await db().pacsPush.findUniqueOrThrow({ where: { id: pushId } });
    expect(row).toMatchObject({ status: "QUEUED", attempts: 1, lastError: expect.stringContaining("could not be reached") });
    const jobs = await db().$queryRawUnsafe<Array<{ state: string; start_after: Date }>>(`SELECT state::text AS state, start_after FROM ${PGBOSS_SCHEMA}.job WHERE name = '${PACS_PUSH_QUEUE}' AND data->>'pushId' = '${pushId}'`);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.state).toBe("retry");
    expect(jobs[0]!.start_after.getTime()).toBeGreaterThan(Date.now());
    expect(await processNextPacsPushJob(handler)).toBeNull(); // not due yet: the backoff holds it
    const failed = await db().auditEvent.findFirstOrThrow({ where: { type: "PACS_PUSH_FAILED", studyId: study.id } });
    expect(failed.payload).toMatchObject({ pushId, attempts: 1, final: false });
    await getBoss();
  });

  it("discern pacs add (secret on stdin) | list | test | find | push: the secret is never printed", () => {
    const run = (args: string[], input?: string) => spawnSync(path.join(ROOT, "bin/discern"), ["pacs", ...args], { input, encoding: "utf8", env: { ...process.env }, timeout: 120_000 });
    const token = "cli-token-never-printed";
    const add = run(["add", "cli-node", "--url", orthanc.dicomweb, "--auth", "bearer", "--secret-stdin", "--no-push-on-sign"], token);
    expect([add.status, add.stderr]).toEqual([0, ""]);
    expect(add.stdout).toMatch(/secret stored encrypted/);
    const list = run(["list", "--json"]);
    expect(list.status).toBe(0);
    expect(list.stdout).not.toContain(token);
    expect((JSON.parse(list.stdout) as Array<{ name: string; hasSecret: boolean }>).find((n) => n.name === "cli-node")).toMatchObject({ hasSecret: true });
    const test = run(["test", "cli-node"]);
    expect([test.status, test.stdout]).toEqual([0, expect.stringMatching(/answered QIDO-RS in \d+ ms/)]);
    const find = run(["find", "--node", "cli-node", "--modality", "MR", "--json"]);
    expect(find.status).toBe(0);
    expect((JSON.parse(find.stdout) as Array<{ studyInstanceUid: string; instancesInDiscern: number }>)).toMatchObject([{ studyInstanceUid, instancesInDiscern: files.length }]);
    expect(run(["pull", "--node", "cli-node"]).status).toBe(2);
    // On demand: the current (amended) reading's SR and PDF again, to the node, sent at once.
    const push = run(["push", studyInstanceUid, "--node", "orthanc"]);
    expect([push.status, push.stdout]).toEqual([0, "Pushed the signed SR and PDF to orthanc (SENT).\n"]);
    expect(run(["push", "1.2.3.404", "--node", "orthanc"]).status).toBe(1);
  }, 200_000);

  it("a JPEG-LS instance arrives in the transfer syntax the PACS holds (transfer-syntax=*): the stored bytes are Orthanc's own", async () => {
    const file = path.join(ROOT, "test/fixtures/dicom/pydicom/MR_small_jpeg_ls_lossless.dcm");
    const bytes = await readFile(file);
    await orthancStore(orthanc, bytes);
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(bytes).buffer).dict);
    const result = await pullStudy({ node: "orthanc", studyInstanceUid: String(ds.StudyInstanceUID) }, { actorId: null, via: "cli" });
    expect(result).toMatchObject({ instancesTotal: 1, retrieved: 1, imported: 1, problems: [] });
    const instance = await db().instance.findUniqueOrThrow({ where: { sopInstanceUid: String(ds.SOPInstanceUID) } });
    expect(instance.transferSyntaxUid).toBe("1.2.840.10008.1.2.4.80");
    const { createHash } = await import("node:crypto");
    expect(instance.sha256).toBe(createHash("sha256").update(await orthancFile(orthanc, instance.sopInstanceUid)).digest("hex"));
  });

  it("the page's Retrieve answers NDJSON: progress, then the result; an unknown node is a 404 before any line", async () => {
    const response = await pullAsNdjson({ node: "orthanc", studyInstanceUid }, (await makeUser("RADIOLOGIST")).id);
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await response.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, { instancesTotal?: number; retrieved?: number }>);
    expect(lines[0]!.progress).toMatchObject({ instancesTotal: files.length, alreadyStored: files.length });
    expect(lines.at(-1)!.result).toMatchObject({ schema: "discern.pacs-pull/v1", instancesTotal: files.length, retrieved: 0 });
    await expect(pullAsNdjson({ node: "nowhere", studyInstanceUid }, "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
