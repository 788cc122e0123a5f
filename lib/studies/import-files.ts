import { recordAudits } from "../audit/record-audit";
import { db, type TDb } from "../db/client";
import { DEFAULT_DICOM_LIMITS } from "../dicom/limits";
import { logError } from "../log";
import { blobStore } from "../storage";
import type { BlobStore } from "../storage/blob-store";
import { commitStaged, indexInstances, stageInstances, type IndexCache, type IndexedFile } from "./index-instances";
import { scanSources, sourceEntries, type ImportEntry } from "./import-sources";
import { DEFAULT_IMPORT_LIMITS, type ImportedStudy, type ImportLimits, type ImportProgress, type ImportSummary, type TAfterStudyImported, type TFileOutcome } from "./import-types";
import { prepareInstance, type PreparedInstance } from "./prepare-instance";

export interface ImportFilesOptions {
  /** Files, folders (read recursively) and zips. */
  paths: string[];
  /** Where the files came from, for the audit trail: "cli", "upload", "bench". */
  source: string;
  actorId?: string | null;
  /** Called after every file and once at the end; cheap to call often, callers throttle output. */
  onProgress?: (progress: ImportProgress) => void;
  /** Queues the AI pipeline for a study that received new instances (see TAfterStudyImported). */
  afterStudyImported?: TAfterStudyImported;
  /** Called once with every study that gained instances or was never queued (one transaction for all: the CLI queues the pipeline so). */
  afterStudiesImported?: (studies: ImportedStudy[]) => Promise<void>;
  /** The name reported for a disk path (the upload route strips its temporary folder). */
  displayName?: (file: string) => string;
  limits?: Partial<ImportLimits>;
  /** Files read and parsed at once (I/O overlaps parsing; parsing itself is on one thread). */
  concurrency?: number;
  client?: TDb;
  store?: BlobStore;
}

/** A batch is indexed when it holds this many files or this many bytes, whichever comes first. */
const BATCH_FILES = 100;
const BATCH_BYTES = 32 * 1024 * 1024;

/**
 * Imports DICOM files: lists them, then reads them one by one (a few at a time), keeps every
 * readable image (original bytes content-addressed in the blob store; patient, study, series and
 * instance rows in small transactions) and reports every file: imported, already imported, or
 * skipped with a one-sentence reason. Memory is bounded by `concurrency` files plus two batches,
 * whatever the number of files. Writes one STUDY_IMPORTED audit event per study touched, then
 * calls `afterStudiesImported` once with the studies that gained instances or were never queued
 * (studiesToQueue), and `afterStudyImported` for each study that gained instances.
 */
export async function importFiles(options: ImportFilesOptions): Promise<ImportSummary> {
  const started = performance.now();
  const client = options.client ?? db();
  const store = options.store ?? blobStore();
  const limits: ImportLimits = { ...DEFAULT_DICOM_LIMITS, ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  // Temp files of an import that was killed mid-write (their rows were never committed).
  await store.sweepTemp();
  const scan = await scanSources(options.paths, limits);
  const progress: ImportProgress = { filesDone: 0, filesTotal: scan.filesTotal, bytesDone: 0, bytesTotal: scan.bytesTotal };
  options.onProgress?.({ ...progress });

  const outcomes: Array<{ seq: number; outcome: TFileOutcome }> = [];
  const studies = new Map<string, { studyId: string; studyInstanceUid: string; added: number; known: number }>();
  const cache: IndexCache = { studies: new Map(), series: new Map() };
  let batch: Array<{ seq: number; size: number; item: PreparedInstance }> = [];
  let batchBytes = 0;
  let flushing: Promise<void> = Promise.resolve();

  const finish = (seq: number, size: number, outcome: TFileOutcome, studyId?: string) => {
    outcomes.push({ seq, outcome });
    progress.filesDone += 1;
    progress.bytesDone += size;
    if (studyId && outcome.status !== "skipped") {
      const entry = studies.get(studyId) ?? { studyId, studyInstanceUid: outcome.studyInstanceUid, added: 0, known: 0 };
      if (outcome.status === "imported") entry.added += 1;
      else entry.known += 1;
      studies.set(studyId, entry);
    }
    options.onProgress?.({ ...progress });
  };

  /** One file at a time, after a batch failed: one bad row must not sink its neighbours. */
  const indexOneByOne = async (items: typeof batch) => {
    for (const one of items) {
      try {
        const [result] = await indexInstances(client, store, [one.item], cache);
        finish(one.seq, one.size, result!.outcome, result!.studyId);
      } catch (error) {
        logError("import", error);
        finish(one.seq, one.size, { path: one.item.name, status: "skipped", reason: "The database refused this file's data." });
      }
    }
  };

  /**
   * Batch n's bytes are written (and fsynced) while batch n-1's transaction runs; transactions
   * commit one at a time, in order. A worker that fills the next batch waits until both are done
   * (backpressure: at most two batches in memory).
   */
  const flush = async () => {
    const items = batch;
    batch = [];
    batchBytes = 0;
    const previous = flushing;
    const staging = stageInstances(client, store, items.map((b) => b.item), cache);
    staging.catch(() => undefined);
    flushing = previous.then(async () => {
      let indexed: IndexedFile[];
      try {
        indexed = await commitStaged(client, await staging, items.map((b) => b.item), cache);
      } catch (error) {
        if (items.length === 1) logError("import", error);
        return indexOneByOne(items);
      }
      indexed.forEach((result, i) => finish(items[i]!.seq, items[i]!.size, result.outcome, result.studyId));
    });
    await Promise.all([previous, staging.catch(() => undefined)]);
  };

  const entries = sourceEntries(scan, limits, options.displayName);
  let seqCounter = 0;
  const nextEntry = async (): Promise<{ seq: number; entry: ImportEntry } | null> => {
    const next = await entries.next();
    return next.done ? null : { seq: seqCounter++, entry: next.value };
  };

  const worker = async () => {
    for (let job = await nextEntry(); job; job = await nextEntry()) {
      const { seq, entry } = job;
      if (entry.refusal) {
        finish(seq, entry.size, { path: entry.name, status: "skipped", reason: entry.refusal });
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await entry.read();
      } catch {
        finish(seq, entry.size, { path: entry.name, status: "skipped", reason: "The file could not be read." });
        continue;
      }
      const prepared = prepareInstance(entry.name, bytes, limits);
      if (!prepared.ok) {
        finish(seq, entry.size, { path: entry.name, status: "skipped", reason: prepared.reason });
        continue;
      }
      batch.push({ seq, size: entry.size, item: prepared.instance });
      batchBytes += prepared.instance.size;
      if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) await flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  if (batch.length > 0) await flush();
  await flushing;

  const touched: ImportedStudy[] = [...studies.values()].map((s) => ({ studyId: s.studyId, studyInstanceUid: s.studyInstanceUid, instancesAdded: s.added, instancesKnown: s.known }));
  await recordAudits(
    client,
    touched.map((study) => ({
      type: "STUDY_IMPORTED" as const,
      payload: { instancesAdded: study.instancesAdded, instancesKnown: study.instancesKnown, source: options.source },
      actorId: options.actorId ?? null,
      studyId: study.studyId,
    })),
  );
  if (options.afterStudiesImported) {
    const queue = await studiesToQueue(client, touched);
    if (queue.length > 0) await options.afterStudiesImported(queue).catch((error: unknown) => logError("import: after-studies hook", error));
  }
  if (options.afterStudyImported) {
    for (const study of touched.filter((s) => s.instancesAdded > 0)) {
      await options.afterStudyImported(study).catch((error: unknown) => logError("import: after-study hook", error));
    }
  }

  const files = outcomes.sort((a, b) => a.seq - b.seq).map((o) => o.outcome);
  const count = (status: TFileOutcome["status"]) => files.filter((f) => f.status === status).length;
  return {
    schema: "discern.import/v1",
    counts: { files: files.length, imported: count("imported"), alreadyImported: count("already-imported"), skipped: count("skipped") },
    bytes: progress.bytesDone,
    elapsedMs: Math.round(performance.now() - started),
    studies: touched,
    files,
  };
}

/**
 * The studies whose pipeline an import queues: those that gained instances, and those it found
 * complete but never queued (an import killed between its last commit and the queueing: the
 * re-import finds every file known, and must still queue what the first run never did).
 */
async function studiesToQueue(client: TDb, touched: ImportedStudy[]): Promise<ImportedStudy[]> {
  const known = touched.filter((s) => s.instancesAdded === 0).map((s) => s.studyId);
  const neverQueued = known.length === 0 ? new Set<string>() : new Set((await client.study.findMany({ where: { id: { in: known }, pipelineStatus: "NONE" }, select: { id: true } })).map((s) => s.id));
  return touched.filter((s) => s.instancesAdded > 0 || neverQueued.has(s.studyId));
}
