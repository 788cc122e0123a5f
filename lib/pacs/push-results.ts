import dcmjs from "dcmjs";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { AppError, isAppError } from "../errors/app-error";
import { finalSignedReading } from "../report/load-report-data";
import { storedReport } from "../report/stored-reports";
import { nodeClient } from "./dicomweb";
import { buildEncapsulatedPdf } from "./encapsulated-pdf";
import { loadPacsNode } from "./pacs-nodes";
import { stowOutcome } from "./stow-outcome";
import { sendPacsPushJob } from "./push-queue";

export interface TPushView {
  pushId: string;
  node: string;
  readingId: string;
  status: "QUEUED" | "SENT" | "FAILED";
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  via: string;
  /** Whether this push carries the study's current final reading (older ones were amended). */
  current: boolean;
}

/**
 * Queues a push of a study's current final signed reading (its stored SR and PDF) to PACS nodes:
 * the named node, or every node with pushOnSign when none is named (the signing hook). One
 * PacsPush row per reading and node: an amendment is a new reading, so it gets its own push; asking
 * again for the same reading re-queues its row (a re-send replaces: the UIDs are stable).
 * CONFLICT when the study has no signed final reading; NOT_FOUND for an unknown node.
 */
export async function queuePacsPush(options: { studyId: string; node?: string; via: "sign" | "cli" | "web" }): Promise<string[]> {
  const reading = await finalSignedReading(db(), options.studyId);
  const nodes = options.node ? [await loadPacsNode(options.node)] : await db().pacsNode.findMany({ where: { pushOnSign: true } });
  const ids: string[] = [];
  for (const node of nodes) {
    const row = await db().pacsPush.upsert({
      where: { readingId_nodeId: { readingId: reading.id, nodeId: node.id } },
      create: { studyId: options.studyId, nodeId: node.id, readingId: reading.id, via: options.via },
      update: { status: "QUEUED", lastError: null, via: options.via },
    });
    await sendPacsPushJob({ pushId: row.id });
    ids.push(row.id);
  }
  return ids;
}

/**
 * Runs one push (the queue's handler): STOW-RS (PS3.18 10.5) of the reading's stored DICOM SR and
 * of its PDF as Encapsulated PDF into the study on the node. SENT with the accepted SOP Instance
 * UIDs and PACS_PUSHED on success; on failure the attempt is counted, PACS_PUSH_FAILED audited, the
 * row FAILED on the last attempt (QUEUED while retries remain) and the error rethrown for the queue.
 */
export async function runPacsPush(pushId: string, attempt: { final: boolean } = { final: true }): Promise<void> {
  const push = await db().pacsPush.findUnique({ where: { id: pushId }, include: { node: true, study: { select: { studyInstanceUid: true } } } });
  if (!push || push.status === "SENT") return;
  const attempts = push.attempts + 1;
  try {
    const reports = await db().report.findMany({ where: { readingId: push.readingId, format: { in: ["sr", "pdf"] } }, orderBy: { createdAt: "desc" } });
    const sr = reports.find((r) => r.format === "sr");
    const pdf = reports.find((r) => r.format === "pdf");
    if (!sr || !pdf) throw new AppError("CONFLICT", { userMessage: "This reading has no stored SR and PDF to push." });
    const srBytes = (await storedReport({ studyId: push.studyId, reportId: sr.id })).bytes;
    const pdfBytes = (await storedReport({ studyId: push.studyId, reportId: pdf.id })).bytes;
    const encapsulated = buildEncapsulatedPdf({ readingId: push.readingId, pdf: pdfBytes, srBytes });
    const { client, request, call } = nodeClient(push.node);
    const datasets = [toArrayBuffer(srBytes), toArrayBuffer(encapsulated.bytes)];
    const answer = await call("STOW-RS", () => client.storeInstances({ datasets, studyInstanceUID: push.study.studyInstanceUid, request: request() }));
    const { srSopInstanceUid } = srUids(srBytes);
    const sopInstanceUids = [srSopInstanceUid, encapsulated.sopInstanceUid];
    const outcome = stowOutcome(answer, sopInstanceUids);
    if (outcome.stored.length < sopInstanceUids.length) {
      const reasons = outcome.failed.map((f) => (f.reason === null ? "no reason" : `reason 0x${f.reason.toString(16).toUpperCase()}`)).join(", ");
      throw new AppError("PEER_FAILED", { userMessage: `The PACS node "${push.node.name}" stored ${outcome.stored.length} of the ${sopInstanceUids.length} objects (${reasons || "the others not acknowledged"}).` });
    }
    await db().$transaction(async (tx) => {
      await tx.pacsPush.update({ where: { id: push.id }, data: { status: "SENT", attempts, lastError: null, sentAt: new Date(), sopInstanceUids } });
      await recordAudit(tx, { type: "PACS_PUSHED", studyId: push.studyId, payload: { pushId: push.id, nodeId: push.nodeId, readingId: push.readingId, sopInstanceUids, attempts } });
    });
  } catch (error) {
    const message = isAppError(error) ? error.userMessage : "The push failed unexpectedly.";
    await db().$transaction(async (tx) => {
      await tx.pacsPush.update({ where: { id: push.id }, data: { status: attempt.final ? "FAILED" : "QUEUED", attempts, lastError: message.slice(0, 500) } });
      await recordAudit(tx, { type: "PACS_PUSH_FAILED", studyId: push.studyId, payload: { pushId: push.id, nodeId: push.nodeId, readingId: push.readingId, error: message.slice(0, 500), attempts, final: attempt.final } });
    });
    throw error;
  }
}

/** The SOP Instance UID of a stored SR, from its file meta (Media Storage SOP Instance UID). */
function srUids(bytes: Buffer): { srSopInstanceUid: string } {
  const dict = dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes), { untilTag: "00080016" });
  return { srSopInstanceUid: String(dict.meta["00020003"]?.Value?.[0] ?? "") };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** A study's pushes, newest first, for the study page and the CLI. NOT_FOUND for an unknown study. */
export async function listPacsPushes(studyId: string): Promise<TPushView[]> {
  const study = await db().study.findUnique({ where: { id: studyId }, select: { id: true } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const currentId = await finalSignedReading(db(), studyId).then((r) => r.id, () => null);
  const rows = await db().pacsPush.findMany({ where: { studyId }, include: { node: { select: { name: true } } }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => ({ pushId: r.id, node: r.node.name, readingId: r.readingId, status: r.status as TPushView["status"], attempts: r.attempts, lastError: r.lastError, sentAt: r.sentAt?.toISOString() ?? null, via: r.via, current: r.readingId === currentId }));
}
