import { Prisma } from "@prisma/client";
import { randomUUID } from "node:crypto";
import { auditInsertSql } from "../audit/record-audit";
import { db, type TDb, type TTx } from "../db/client";
import { LONG_TRANSACTION } from "./transaction-options";
import { AppError } from "../errors/app-error";
import { assertBoxInsideImage } from "./box-bounds";
import { changedHeads } from "./changed-heads";
import type { TEffectiveAnnotation } from "./effective-annotations";
import { layerIdsOf, lockReadingRow, type TLockedReadingRow } from "./lock-reading-row";
import { assertKeyMatches, parseAnnotationData, type TAnnotationData, type TAnnotationKind } from "./schemas";

export interface TAnnotationChange {
  kind: TAnnotationKind;
  key: string;
  /** The head the user edited (what effectiveAnnotations showed), null for a thing nobody annotated yet. */
  baseRevisionId: string | null;
  /** The new content; omitted together with `deleted: true` keeps the deleted head's content. */
  data?: unknown;
  deleted?: boolean;
  note?: string;
}

export interface ReviseAnnotationsOptions {
  readingId: string;
  authorId: string;
  changes: TAnnotationChange[];
  /**
   * The reading row the caller already locked FOR UPDATE in this transaction (lockReadingRow,
   * after the study's lock) and its layers (layerIdsOf): the save then neither locks nor reads
   * the reading again. Omitted: reviseAnnotationsInTx locks and reads it itself.
   */
  locked?: { reading: TLockedReadingRow; layerIds: readonly string[] };
  /**
   * The images the changes are drawn on, looked up before the transaction (imagesOfChanges): a
   * save's round trips queue one after another on a busy server, and instance rows never change,
   * so this lookup need not wait its turn inside the transaction. Images it lacks are looked up here.
   */
  images?: Promise<TChangeImage[]>;
}

/** An image a change is drawn on: its row id and size (rows × columns, pixels) for the bounds check. */
export interface TChangeImage {
  id: string;
  sopInstanceUid: string;
  rows: number;
  columns: number;
}

/**
 * The Instance rows of the SOP Instance UIDs that `changes` name in their data (before the data
 * is validated: strings only); [] when none. Never rejects (a failed lookup resolves to [], and
 * reviseAnnotationsInTx then looks the images up itself), so it can start before the transaction.
 */
export function imagesOfChanges(client: TDb | TTx, changes: readonly TAnnotationChange[]): Promise<TChangeImage[]> {
  const uids = changes.flatMap((c) => {
    const uid = c.kind === "LEVEL_DIAGNOSIS" || typeof c.data !== "object" || c.data === null ? undefined : (c.data as { sopInstanceUid?: unknown }).sopInstanceUid;
    return typeof uid === "string" ? [uid] : [];
  });
  return findImages(client, uids).catch(() => []);
}

function findImages(client: TDb | TTx, uids: readonly string[]): Promise<TChangeImage[]> {
  if (uids.length === 0) return Promise.resolve([]);
  return client.$queryRaw<TChangeImage[]>`
    SELECT id, "sopInstanceUid", rows, columns FROM "Instance" WHERE "sopInstanceUid" = ANY(${[...new Set(uids)]}::text[])`;
}

export type ReviseAnnotationOptions = Omit<ReviseAnnotationsOptions, "changes" | "locked"> & TAnnotationChange;

/** One stale base in a refused save: what the client sent and what is current now. */
export interface TAnnotationConflict {
  kind: TAnnotationKind;
  key: string;
  baseRevisionId: string | null;
  current: TEffectiveAnnotation | null;
}

/** Saves one human edit; see reviseAnnotationsInTx. */
export async function reviseAnnotation(options: ReviseAnnotationOptions): Promise<TEffectiveAnnotation> {
  const { readingId, authorId, ...change } = options;
  const [saved] = await reviseAnnotations({ readingId, authorId, changes: [change] });
  return saved!;
}

/** Saves a batch of human edits all-or-nothing in one transaction; see reviseAnnotationsInTx. */
export async function reviseAnnotations(options: ReviseAnnotationsOptions): Promise<TEffectiveAnnotation[]> {
  try {
    return await db().$transaction((tx) => reviseAnnotationsInTx(tx, options), LONG_TRANSACTION);
  } catch (error) {
    // A concurrent first edit of the same thing loses the unique race: the same 409 as a stale base.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", { userMessage: "Someone saved this annotation at the same moment; reload and try again.", cause: error });
    }
    throw error;
  }
}

/**
 * Appends human revisions to a reading, inside the caller's transaction. Nothing is updated in
 * place: the first edit of a thing creates the reader's Annotation with a revision whose
 * `replacesRevisionId` is the head it corrects (the AI's, or a signed reading's for an
 * amendment); later edits replace the reader's own head. Each change must name the head the
 * user saw as `baseRevisionId`, else the whole batch is refused with CONFLICT (409) whose details
 * carry the current state. A signed reading refuses with STUDY_SIGNED; the AI's reading and a
 * reading of someone else are not editable. One ANNOTATION_REVISED audit event per revision.
 */
export async function reviseAnnotationsInTx(tx: TTx, options: ReviseAnnotationsOptions): Promise<TEffectiveAnnotation[]> {
  const { readingId, authorId, changes } = options;
  if (changes.length === 0) return [];
  // The reading row's lock serialises saves per reading, so two tabs cannot both pass the base check below.
  const reading = options.locked?.reading ?? (await lockReadingRow(tx, readingId));
  if (!reading || reading.id !== readingId) throw new AppError("NOT_FOUND", { userMessage: "This reading does not exist." });
  if (reading.role === "AI") throw new AppError("FORBIDDEN", { userMessage: "The AI's pre-annotation is never edited; corrections go into a reading." });
  if (reading.status === "SIGNED") throw new AppError("STUDY_SIGNED", { userMessage: "This reading is signed; amend it to make changes." });
  if (reading.status === "SUPERSEDED") throw new AppError("CONFLICT", { userMessage: "This reading has been superseded; open the current one." });
  if (reading.readerId && reading.readerId !== authorId) throw new AppError("FORBIDDEN", { userMessage: "This reading belongs to another reader." });

  const seen = new Set<string>();
  for (const change of changes) {
    const id = `${change.kind}\u0000${change.key}`;
    if (seen.has(id)) throw new AppError("INVALID_INPUT", { userMessage: `${change.kind} ${change.key} appears twice in one save.` });
    seen.add(id);
  }

  const layerIds = options.locked?.layerIds ?? (await layerIdsOf(tx, reading));
  const { view, own: ownOf } = await changedHeads(tx, readingId, layerIds, changes);

  const conflicts: TAnnotationConflict[] = [];
  for (const change of changes) {
    const current = view.get(`${change.kind}\u0000${change.key}`) ?? null;
    if ((current?.revisionId ?? null) !== change.baseRevisionId) conflicts.push({ kind: change.kind, key: change.key, baseRevisionId: change.baseRevisionId, current });
  }
  if (conflicts.length > 0) {
    throw new AppError("CONFLICT", {
      userMessage: "Someone else changed this annotation since you loaded it; the newer version is shown.",
      details: { conflicts },
    });
  }

  // Everything below is a fixed number of statements, however many things change (a box move
  // carries every slice's level with it).
  const prepared = changes.map((change) => {
    const current = view.get(`${change.kind}\u0000${change.key}`) ?? null;
    const deleted = change.deleted === true;
    let data: TAnnotationData;
    if (deleted) {
      if (!current || current.deleted) throw new AppError("INVALID_INPUT", { userMessage: `There is no ${change.kind} ${change.key} to delete.` });
      data = change.data === undefined ? current.data : parseAnnotationData(change.kind, change.data);
    } else {
      data = parseAnnotationData(change.kind, change.data);
    }
    assertKeyMatches(change.kind, change.key, data);
    return { change, current, deleted, data };
  });

  const uids = prepared.flatMap((p) => (p.change.kind !== "LEVEL_DIAGNOSIS" && "sopInstanceUid" in p.data ? [p.data.sopInstanceUid] : []));
  const prefetched = (await options.images) ?? [];
  const missing = uids.filter((uid) => !prefetched.some((i) => i.sopInstanceUid === uid));
  const instances = [...prefetched, ...(await findImages(tx, missing))];
  const instanceOf = new Map(instances.map((i) => [i.sopInstanceUid, i.id]));
  // Geometry is checked against the image it is drawn on (issue 18: an unbounded box stalled reports).
  const sizeOf = new Map(instances.map((i) => [i.sopInstanceUid, { rows: i.rows, columns: i.columns }]));
  for (const p of prepared) {
    if (!p.deleted && "box" in p.data) assertBoxInsideImage(p.data.box, sizeOf.get(p.data.sopInstanceUid) ?? null, `${p.change.kind} ${p.change.key}`);
  }

  const now = new Date();
  const rows = prepared.map((p) => {
    const own = ownOf.get(`${p.change.kind}\u0000${p.change.key}`);
    return { ...p, annotationId: own?.id ?? randomUUID(), isNew: !own, seq: (own?.revision ?? 0) + 1, revisionId: randomUUID() };
  });
  const fresh = rows.filter((r) => r.isNew);
  if (fresh.length > 0) {
    await tx.annotation.createMany({
      data: fresh.map((r) => ({
        id: r.annotationId,
        readingId,
        studyId: reading.studyId,
        kind: r.change.kind,
        key: r.change.key,
        instanceId: r.change.kind !== "LEVEL_DIAGNOSIS" && "sopInstanceUid" in r.data ? (instanceOf.get(r.data.sopInstanceUid) ?? null) : null,
      })),
    });
  }
  const revisions = rows.map((r) => ({
    id: r.revisionId,
    annotationId: r.annotationId,
    seq: r.seq,
    data: r.data,
    deleted: r.deleted,
    replacesRevisionId: r.current?.revisionId ?? null,
    note: r.change.note ?? null,
  }));
  const audits = rows.map((r) => ({
    type: "ANNOTATION_REVISED" as const,
    actorId: authorId,
    studyId: reading.studyId,
    payload: { readingId, annotationId: r.annotationId, kind: r.change.kind, key: r.change.key, revisionId: r.revisionId, replacesRevisionId: r.current?.revisionId ?? null, deleted: r.deleted },
  }));
  // One statement appends the revisions, moves each head onto its new revision (the head's
  // foreign key is checked at the end of the statement, when the revisions exist) and records
  // their audit events: one round trip, however many things change.
  await tx.$executeRaw`
    WITH rev AS (
      INSERT INTO "AnnotationRevision" (id, "annotationId", seq, source, data, deleted, "authorId", "replacesRevisionId", note, "createdAt")
      SELECT x.id, x."annotationId", x.seq, 'HUMAN'::"AnnotationSource", x.data, x.deleted, ${authorId}, x."replacesRevisionId", x.note, CAST(${now} AS timestamp(3))
        FROM jsonb_to_recordset(CAST(${JSON.stringify(revisions)} AS jsonb))
          AS x(id text, "annotationId" text, seq integer, data jsonb, deleted boolean, "replacesRevisionId" text, note text)
      RETURNING id, "annotationId", seq),
    heads AS (
      UPDATE "Annotation" AS a SET "headRevisionId" = rev.id, "revision" = rev.seq, "updatedAt" = ${now} FROM rev WHERE a.id = rev."annotationId")
    ${auditInsertSql(audits)}`;
  return rows.map((r) => ({
    kind: r.change.kind,
    key: r.change.key,
    annotationId: r.annotationId,
    readingId,
    revisionId: r.revisionId,
    seq: r.seq,
    source: "HUMAN" as const,
    deleted: r.deleted,
    data: r.data,
    score: null,
    modelVersionId: null,
    authorId,
    replacesRevisionId: r.current?.revisionId ?? null,
    createdAt: now.toISOString(),
  }));
}
