import type { TDb } from "../db/client";
import type { BlobStore } from "../storage/blob-store";
import type { TFileOutcome } from "./import-types";
import { clean, ensureSeries, int32, text as optionalText, type IndexCache } from "./ensure-series";
import { insertInstances, type TInstanceRow } from "./insert-instances";
import type { PreparedInstance } from "./prepare-instance";


export interface IndexedFile {
  outcome: TFileOutcome;
  /** Set for imported and already-imported files. */
  studyId?: string;
}

/** A batch whose new files' bytes are durably stored and whose rows are not yet written. */
export interface StagedBatch {
  results: IndexedFile[];
  fresh: Array<{ index: number; item: PreparedInstance }>;
}

/**
 * Stores and indexes a small batch of prepared files in one transaction: files whose SOP Instance
 * UID is already indexed are "already imported" (nothing is written, not even their bytes);
 * new ones have their original bytes stored durably first (fsynced, lib/storage), so a crash
 * between the two steps leaves at most an unreferenced blob, never a row without bytes; then
 * patient, study and series rows are ensured and the instances inserted. A SOP Instance UID
 * already indexed with different bytes is refused: an instance's pixels never change under a
 * reader's annotations. `stageInstances` + `commitStaged` are the same two halves, for callers
 * that overlap one batch's writes with the previous batch's transaction.
 */
export async function indexInstances(client: TDb, store: BlobStore, batch: PreparedInstance[], cache: IndexCache): Promise<IndexedFile[]> {
  return commitStaged(client, await stageInstances(client, store, batch, cache), batch, cache);
}

/** First half: which files are new (one query), and their bytes durably stored. No rows written. */
export async function stageInstances(client: TDb, store: BlobStore, batch: PreparedInstance[], cache: IndexCache): Promise<StagedBatch> {
  const results: IndexedFile[] = new Array(batch.length);
  const known = await knownInstances(client, batch.map((p) => p.meta.sopInstanceUid));
  const fresh: Array<{ index: number; item: PreparedInstance }> = [];
  const seen = new Map<string, string>();
  batch.forEach((item, index) => {
    const { meta } = item;
    const prior = known.get(meta.sopInstanceUid);
    const sha = prior?.sha256 ?? seen.get(meta.sopInstanceUid);
    if (sha === undefined) {
      seen.set(meta.sopInstanceUid, item.sha256);
      fresh.push({ index, item });
    } else if (sha === item.sha256) {
      results[index] = { outcome: alreadyImported(item), studyId: prior?.studyId ?? cache.studies.get(meta.studyInstanceUid) };
    } else {
      results[index] = { outcome: differentContent(item) };
    }
  });
  if (fresh.length > 0) await store.putMany(fresh.map(({ item }) => ({ sha256: item.sha256, bytes: item.bytes })));
  return { results, fresh };
}

/** Second half: series and instance rows in one transaction; the outcome of every file. */
export async function commitStaged(client: TDb, staged: StagedBatch, batch: PreparedInstance[], cache: IndexCache): Promise<IndexedFile[]> {
  const { results, fresh } = staged;
  if (fresh.length === 0) return fillDeferred(results, batch, cache);
  const ensured = { studies: new Map(cache.studies), series: new Map(cache.series) };
  const created = await client.$transaction(async (tx) => {
    await ensureSeries(tx, fresh.map((f) => f.item.meta), ensured);
    return insertInstances(tx, fresh.map(({ item }) => instanceRow(item, ensured.series.get(item.meta.seriesInstanceUid) ?? "")));
  });
  for (const [uid, id] of ensured.studies) cache.studies.set(uid, id);
  for (const [uid, id] of ensured.series) cache.series.set(uid, id);

  const inserted = new Set(created);
  // Not inserted: indexed meanwhile (the previous batch, or a concurrent import): same bytes or not?
  const raced = await knownInstances(client, fresh.filter(({ item }) => !inserted.has(item.meta.sopInstanceUid)).map(({ item }) => item.meta.sopInstanceUid));
  for (const { index, item } of fresh) {
    const studyId = cache.studies.get(item.meta.studyInstanceUid);
    const other = raced.get(item.meta.sopInstanceUid);
    results[index] = inserted.has(item.meta.sopInstanceUid)
      ? { outcome: { path: item.name, status: "imported", ...identity(item), warnings: item.meta.warnings.map(clean) }, studyId }
      : other && other.sha256 !== item.sha256
        ? { outcome: differentContent(item) }
        : { outcome: alreadyImported(item), studyId: other?.studyId ?? studyId };
  }
  return fillDeferred(results, batch, cache);
}

/** sha256 and study of the given SOP Instance UIDs already indexed (one query; none when empty). */
async function knownInstances(client: TDb, sopInstanceUids: string[]): Promise<Map<string, { sha256: string; studyId: string }>> {
  if (sopInstanceUids.length === 0) return new Map();
  // Raw on purpose, like the inserts: one JSON parameter instead of Prisma compiling an IN list.
  const rows = await client.$queryRawUnsafe<Array<{ sopInstanceUid: string; sha256: string; studyId: string }>>(
    `SELECT i."sopInstanceUid", i."sha256", s."studyId" FROM "Instance" i JOIN "Series" s ON s."id" = i."seriesId"
     WHERE i."sopInstanceUid" IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    JSON.stringify([...new Set(sopInstanceUids)]),
  );
  return new Map(rows.map((e) => [e.sopInstanceUid, { sha256: e.sha256, studyId: e.studyId }]));
}

function differentContent(item: PreparedInstance): TFileOutcome {
  return { path: item.name, status: "skipped", reason: "Another file with the same SOP Instance UID but different content is already imported." };
}

/** Duplicates inside one batch learn their study id once the first copy is indexed. */
function fillDeferred(results: IndexedFile[], batch: PreparedInstance[], cache: IndexCache): IndexedFile[] {
  return results.map((r, i) => (r.outcome.status !== "skipped" && !r.studyId ? { ...r, studyId: cache.studies.get(batch[i]!.meta.studyInstanceUid) } : r));
}

function alreadyImported(item: PreparedInstance): TFileOutcome {
  return { path: item.name, status: "already-imported", ...identity(item) };
}

function identity({ meta }: PreparedInstance) {
  return { sopInstanceUid: meta.sopInstanceUid, studyInstanceUid: meta.studyInstanceUid, seriesInstanceUid: meta.seriesInstanceUid, seriesDescription: optionalText(meta.seriesDescription) };
}

function instanceRow(item: PreparedInstance, seriesId: string): TInstanceRow {
  const { meta } = item;
  const g = meta.geometry;
  return {
    sopInstanceUid: meta.sopInstanceUid,
    seriesId,
    sopClassUid: optionalText(meta.sopClassUid),
    instanceNumber: int32(meta.instanceNumber),
    transferSyntaxUid: clean(meta.transferSyntaxUid),
    sha256: item.sha256,
    byteSize: item.size,
    rows: meta.rows,
    columns: meta.columns,
    frames: meta.frames,
    samplesPerPixel: meta.samplesPerPixel,
    bitsAllocated: meta.bitsAllocated,
    bitsStored: meta.bitsStored,
    pixelRepresentation: meta.pixelRepresentation,
    photometricInterpretation: clean(meta.photometricInterpretation),
    rescaleSlope: meta.rescaleSlope,
    rescaleIntercept: meta.rescaleIntercept,
    windowCenter: meta.windowCenter ?? null,
    windowWidth: meta.windowWidth ?? null,
    imagePositionPatient: g ? [...g.imagePositionPatient] : [],
    imageOrientationPatient: g ? [...g.rowCosines, ...g.columnCosines] : [],
    pixelSpacing: g ? [...g.pixelSpacing] : [],
    sliceThickness: g?.sliceThickness ?? null,
    frameOfReferenceUid: optionalText(g?.frameOfReferenceUid),
    warnings: meta.warnings.map(clean),
  };
}

export type { IndexCache };
