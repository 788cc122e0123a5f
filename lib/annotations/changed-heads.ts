import { Prisma, type AnnotationSource } from "@prisma/client";
import type { TTx } from "../db/client";
import type { TEffectiveAnnotation } from "./effective-annotations";
import { readAnnotationData, type TAnnotationKind } from "./schemas";

/** What a save needs to know about the things it changes, keyed by `${kind}\u0000${key}`. */
export interface TChangedHeads {
  /** The head the reader sees now (topmost layer that has it; deleted heads kept): the base a change must name. */
  view: Map<string, TEffectiveAnnotation>;
  /** The reading's own annotation of the thing, if any, with its revision counter. */
  own: Map<string, { id: string; revision: number }>;
}

interface THeadRow {
  id: string;
  readingId: string;
  kind: TAnnotationKind;
  key: string;
  revision: number;
  headId: string | null;
  seq: number | null;
  source: AnnotationSource | null;
  deleted: boolean | null;
  data: unknown;
  score: number | null;
  modelVersionId: string | null;
  authorId: string | null;
  replacesRevisionId: string | null;
  createdAt: Date | null;
}

/**
 * The heads of the changed things across a reading's layers (`layerIds` bottom to top, the reading
 * itself last) and the reading's own annotations of them, in one statement: effectiveAnnotations'
 * overlay (`only` the changed things, deleted heads included) without its separate reading and
 * head queries. Head data is checked with the kind's zod schema as it is read.
 */
export async function changedHeads(tx: TTx, readingId: string, layerIds: readonly string[], things: ReadonlyArray<{ kind: TAnnotationKind; key: string }>): Promise<TChangedHeads> {
  const view = new Map<string, TEffectiveAnnotation>();
  const own = new Map<string, { id: string; revision: number }>();
  if (things.length === 0 || layerIds.length === 0) return { view, own };
  const rows = await tx.$queryRaw<THeadRow[]>`
    SELECT a.id, a."readingId", a.kind::text AS kind, a.key, a.revision,
           h.id AS "headId", h.seq, h.source::text AS source, h.deleted, h.data, h.score,
           h."modelVersionId", h."authorId", h."replacesRevisionId", h."createdAt"
      FROM "Annotation" a LEFT JOIN "AnnotationRevision" h ON h.id = a."headRevisionId"
     WHERE a."readingId" IN (${Prisma.join([...layerIds])})
       AND (a.kind, a.key) IN (${Prisma.join(things.map((t) => Prisma.sql`(CAST(${t.kind} AS "AnnotationKind"), ${t.key})`))})`;
  const rank = new Map(layerIds.map((id, index) => [id, index]));
  const top = new Map<string, THeadRow>();
  for (const row of rows) {
    const id = `${row.kind}\u0000${row.key}`;
    if (row.readingId === readingId) own.set(id, { id: row.id, revision: row.revision });
    if (row.headId === null) continue;
    const current = top.get(id);
    if (!current || (rank.get(row.readingId) ?? -1) > (rank.get(current.readingId) ?? -1)) top.set(id, row);
  }
  // A row in `top` has a head, and a joined head has all of its NOT NULL columns.
  for (const [id, a] of top) {
    view.set(id, {
      kind: a.kind,
      key: a.key,
      annotationId: a.id,
      readingId: a.readingId,
      revisionId: a.headId!,
      seq: a.seq!,
      source: a.source!,
      deleted: a.deleted!,
      data: readAnnotationData(a.kind, a.data, a.headId!),
      score: a.score,
      modelVersionId: a.modelVersionId,
      authorId: a.authorId,
      replacesRevisionId: a.replacesRevisionId,
      createdAt: a.createdAt!.toISOString(),
    });
  }
  return { view, own };
}
