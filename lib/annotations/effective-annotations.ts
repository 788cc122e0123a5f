import type { AnnotationSource } from "@prisma/client";
import { db, type TDb, type TTx } from "../db/client";
import { readingLayers } from "./reading-layers";
import { readAnnotationData, type TAnnotationData, type TAnnotationKind } from "./schemas";

export interface TEffectiveAnnotation {
  kind: TAnnotationKind;
  key: string;
  annotationId: string;
  /** The reading whose annotation holds the head shown (the AI reading while nobody corrected it). */
  readingId: string;
  /** The head revision: what a save must name as its base. */
  revisionId: string;
  seq: number;
  source: AnnotationSource;
  deleted: boolean;
  data: TAnnotationData;
  score: number | null;
  modelVersionId: string | null;
  authorId: string | null;
  replacesRevisionId: string | null;
  createdAt: string;
}

export interface EffectiveAnnotationsOptions {
  /** Keep deleted heads (the client needs them as the base of a re-add); default false. */
  includeDeleted?: boolean;
  client?: TDb | TTx;
  /**
   * Only these things (kind and key), e.g. the ones a save changes: a save then reads and parses
   * its own handful of heads, not the whole reading (bench/load.ts: saves under 50 reviewers).
   */
  only?: ReadonlyArray<{ kind: TAnnotationKind; key: string }>;
}

/**
 * The reader's view of a reading: the AI's heads overlaid by the heads of the readings it amends
 * and then by its own heads, per (kind, key); a deleted head hides the thing. Ordered by kind
 * then key.
 */
export async function effectiveAnnotations(readingId: string, options: EffectiveAnnotationsOptions = {}): Promise<TEffectiveAnnotation[]> {
  const client = options.client ?? db();
  const { layerIds } = await readingLayers(client, readingId);
  const annotations = await client.annotation.findMany({
    where: { readingId: { in: layerIds }, headRevisionId: { not: null }, ...(options.only ? { OR: options.only.map((t) => ({ kind: t.kind, key: t.key })) } : {}) },
    include: { head: true },
  });
  const rank = new Map(layerIds.map((id, index) => [id, index]));
  const top = new Map<string, (typeof annotations)[number]>();
  for (const a of annotations) {
    const id = `${a.kind}\u0000${a.key}`;
    const current = top.get(id);
    if (!current || (rank.get(a.readingId) ?? -1) > (rank.get(current.readingId) ?? -1)) top.set(id, a);
  }
  const result: TEffectiveAnnotation[] = [];
  for (const a of top.values()) {
    const head = a.head;
    if (!head || (head.deleted && !options.includeDeleted)) continue;
    result.push({
      kind: a.kind,
      key: a.key,
      annotationId: a.id,
      readingId: a.readingId,
      revisionId: head.id,
      seq: head.seq,
      source: head.source,
      deleted: head.deleted,
      data: readAnnotationData(a.kind, head.data, head.id),
      score: head.score,
      modelVersionId: head.modelVersionId,
      authorId: head.authorId,
      replacesRevisionId: head.replacesRevisionId,
      createdAt: head.createdAt.toISOString(),
    });
  }
  const kindOrder = ["VERTEBRA_BOX", "SLICE_LEVEL", "DISC_ROI", "LEVEL_DIAGNOSIS"];
  return result.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.key.localeCompare(b.key));
}
