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

const STORE_CONCURRENCY = 8;

/**
 * Stores and indexes a small batch of prepared files in one transaction: files whose SOP Instance
 * UID is already indexed are "already imported" (nothing is written, not even their bytes);
 * new ones have their original bytes stored first (content-addressed, so a crash between the two
 * steps leaves at most an unreferenced blob, never a row without bytes), then patient, study and
 * series rows are ensured and the instances inserted. A SOP Instance UID already indexed with
 * different bytes is refused: an instance's pixels never change under a reader's annotations.
 */
export async function indexInstances(client: TDb, store: BlobStore, batch: PreparedInstance[], cache: IndexCache): Promise<IndexedFile[]> {
  const results: IndexedFile[] = new Array(batch.length);
  // Raw on purpose, like the inserts: one JSON parameter instead of Prisma compiling an IN list.
  const existing = await client.$queryRawUnsafe<Array<{ sopInstanceUid: string; sha256: string; studyId: string }>>(
    `SELECT i."sopInstanceUid", i."sha256", s."studyId" FROM "Instance" i JOIN "Series" s ON s."id" = i."seriesId"
     WHERE i."sopInstanceUid" IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    JSON.stringify([...new Set(batch.map((p) => p.meta.sopInstanceUid))]),
  );
  const known = new Map(existing.map((e) => [e.sopInstanceUid, { sha256: e.sha256, studyId: e.studyId }]));
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
      results[index] = { outcome: { path: item.name, status: "skipped", reason: "Another file with the same SOP Instance UID but different content is already imported." } };
    }
  });
  if (fresh.length === 0) return fillDeferred(results, batch, cache);

  for (let i = 0; i < fresh.length; i += STORE_CONCURRENCY) {
    await Promise.all(fresh.slice(i, i + STORE_CONCURRENCY).map(({ item }) => store.put(item.bytes, { sha256: item.sha256 })));
  }

  const ensured = { studies: new Map(cache.studies), series: new Map(cache.series) };
  const created = await client.$transaction(async (tx) => {
    await ensureSeries(tx, fresh.map((f) => f.item.meta), ensured);
    return insertInstances(tx, fresh.map(({ item }) => instanceRow(item, ensured.series.get(item.meta.seriesInstanceUid) ?? "")));
  });
  for (const [uid, id] of ensured.studies) cache.studies.set(uid, id);
  for (const [uid, id] of ensured.series) cache.series.set(uid, id);

  const inserted = new Set(created);
  for (const { index, item } of fresh) {
    const studyId = cache.studies.get(item.meta.studyInstanceUid);
    // Not inserted: a concurrent import indexed the same instance between our read and our insert.
    results[index] = inserted.has(item.meta.sopInstanceUid)
      ? { outcome: { path: item.name, status: "imported", ...identity(item), warnings: item.meta.warnings.map(clean) }, studyId }
      : { outcome: alreadyImported(item), studyId };
  }
  return fillDeferred(results, batch, cache);
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
