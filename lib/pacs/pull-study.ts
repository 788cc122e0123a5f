import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { AppError, fromZodError, isAppError } from "../errors/app-error";
import { importFiles } from "../studies/import-files";
import type { TAfterStudyImported, TFileOutcome } from "../studies/import-types";
import { jsonValue, nodeClient } from "./dicomweb";
import { loadPacsNode } from "./pacs-nodes";

const ZUid = z.string().regex(/^[0-9]+(\.[0-9]+)*$/, "not a DICOM UID").max(64);
export const ZPullRequest = z.object({ node: z.string().min(1).max(64), studyInstanceUid: ZUid, seriesInstanceUids: z.array(ZUid).max(500).optional() }).strict();
export type TPullRequest = z.input<typeof ZPullRequest>;

export interface TPullProgress {
  /** Instances the PACS lists for the study (or the chosen series). */
  instancesTotal: number;
  /** Already in discern before this pull: not fetched again. */
  alreadyStored: number;
  retrieved: number;
  failed: number;
  bytes: number;
}

export interface TPullResult extends TPullProgress {
  schema: "discern.pacs-pull/v1";
  studyInstanceUid: string;
  studyId: string | null;
  imported: number;
  /** Series left on the PACS because they hold documents, not images (SR, DOC, KO, PR). */
  nonImageSeries: number;
  /** Files the import refused (with its sentence) and instances the PACS failed to send. */
  problems: Array<{ sopInstanceUid: string; reason: string }>;
  elapsedMs: number;
}

/**
 * Series of these modalities hold documents, not images (SR, Encapsulated PDF, key object
 * selections, presentation states): discern imports images only, and its own pushed results
 * live in such series, so a pull after a push does not fetch them back.
 */
const NON_IMAGE_MODALITIES = new Set(["SR", "DOC", "KO", "PR"]);

/** Instances fetched and written before they are imported together (bounds memory and temp disk). */
const IMPORT_BATCH = 25;

/**
 * Retrieves a study (or some of its series) from a PACS into discern: QIDO-RS lists the series
 * and their instances; instances whose SOP Instance UID discern already holds are skipped (a
 * second pull fetches nothing; an interrupted pull resumes where it stopped), and series of
 * documents (SR, DOC, KO, PR) are left on the PACS; the rest are
 * fetched one by one with WADO-RS (multipart/related application/dicom in the transfer syntax the
 * PACS holds, dicomweb-client) and
 * imported in small batches through lib/studies importFiles (same validation, content-addressed
 * storage, dedupe and audit as any import). `afterStudyImported` (the pipeline queue) runs once at
 * the end when instances were added. Audited as PACS_RETRIEVED (counts only).
 * Errors: NOT_FOUND (node; or the study has no instances there), PEER_FAILED when listing fails.
 * A single instance that fails to arrive is counted in `failed` and listed in `problems`.
 */
export async function pullStudy(request: TPullRequest, options: { actorId: string | null; via: "cli" | "web"; afterStudyImported?: TAfterStudyImported; onProgress?: (p: TPullProgress) => void }): Promise<TPullResult> {
  const started = performance.now();
  const parsed = ZPullRequest.safeParse(request);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { studyInstanceUid, seriesInstanceUids } = parsed.data;
  const node = await loadPacsNode(parsed.data.node);
  const { client, request: req, call } = nodeClient(node);

  const series = (await call("QIDO-RS series", () => client.searchForSeries({ studyInstanceUID: studyInstanceUid, request: req() }))) ?? [];
  const chosen = series.filter((s) => !seriesInstanceUids || seriesInstanceUids.includes(jsonValue(s, "0020000E")));
  const wanted = chosen.filter((s) => !NON_IMAGE_MODALITIES.has(jsonValue(s, "00080060"))).map((s) => jsonValue(s, "0020000E")).filter(Boolean);
  const nonImageSeries = chosen.length - wanted.length;
  const listed: Array<{ series: string; sop: string }> = [];
  for (const seriesUid of wanted) {
    const instances = (await call("QIDO-RS instances", () => client.searchForInstances({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: seriesUid, request: req() }))) ?? [];
    for (const i of instances) {
      const sop = jsonValue(i, "00080018");
      if (sop) listed.push({ series: seriesUid, sop });
    }
  }
  if (listed.length === 0) throw new AppError("NOT_FOUND", { userMessage: `The PACS node "${node.name}" holds no instances of this study${seriesInstanceUids ? " in the chosen series" : ""}.` });

  const known = new Set((await db().instance.findMany({ where: { sopInstanceUid: { in: listed.map((l) => l.sop) } }, select: { sopInstanceUid: true } })).map((i) => i.sopInstanceUid));
  const todo = listed.filter((l) => !known.has(l.sop));
  const progress: TPullProgress = { instancesTotal: listed.length, alreadyStored: listed.length - todo.length, retrieved: 0, failed: 0, bytes: 0 };
  options.onProgress?.({ ...progress });
  const problems: TPullResult["problems"] = [];
  let imported = 0;
  let studyId: string | null = null;
  let added = 0;

  const dir = await mkdtemp(path.join(os.tmpdir(), "discern-pull-"));
  try {
    for (let start = 0; start < todo.length; start += IMPORT_BATCH) {
      const files: string[] = [];
      const sopOf = new Map<string, string>();
      for (const item of todo.slice(start, start + IMPORT_BATCH)) {
        try {
          const bytes = await call("WADO-RS instance", () => client.retrieveInstance({ studyInstanceUID: studyInstanceUid, seriesInstanceUID: item.series, sopInstanceUID: item.sop, request: req() }));
          // Named by position, never by UID or patient data (paths may reach logs).
          const file = path.join(dir, `${start + files.length}.dcm`);
          await writeFile(file, new Uint8Array(bytes));
          files.push(file);
          sopOf.set(file, item.sop);
          progress.retrieved += 1;
          progress.bytes += bytes.byteLength;
        } catch (error) {
          if (!isAppError(error) || error.code !== "PEER_FAILED") throw error;
          progress.failed += 1;
          problems.push({ sopInstanceUid: item.sop, reason: error.userMessage });
        }
        options.onProgress?.({ ...progress });
      }
      if (files.length === 0) continue;
      const summary = await importFiles({ paths: files, source: `pacs:${node.name}`, actorId: options.actorId, concurrency: 2 });
      imported += summary.counts.imported;
      for (const s of summary.studies) {
        studyId = s.studyId;
        added += s.instancesAdded;
      }
      summary.files.forEach((f: TFileOutcome) => {
        if (f.status === "skipped") problems.push({ sopInstanceUid: sopOf.get(f.path) ?? "", reason: f.reason });
      });
      await Promise.all(files.map((f) => rm(f, { force: true })));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  studyId ??= (await db().study.findUnique({ where: { studyInstanceUid }, select: { id: true } }))?.id ?? null;
  await recordAudit(db(), { type: "PACS_RETRIEVED", actorId: options.actorId, studyId, payload: { nodeId: node.id, retrieved: progress.retrieved, alreadyStored: progress.alreadyStored, failed: progress.failed, via: options.via } });
  if (studyId && added > 0 && options.afterStudyImported) {
    await options.afterStudyImported({ studyId, studyInstanceUid, instancesAdded: added, instancesKnown: progress.alreadyStored });
  }
  return { schema: "discern.pacs-pull/v1", studyInstanceUid, studyId, imported, nonImageSeries, problems, elapsedMs: Math.round(performance.now() - started), ...progress };
}
