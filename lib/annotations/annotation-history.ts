import type { AnnotationSource, ReadingRole } from "@prisma/client";
import { db } from "../db/client";
import { readAnnotationData, type TAnnotationData, type TAnnotationKind } from "./schemas";

export interface THistoryEntry {
  revisionId: string;
  annotationId: string;
  readingId: string;
  readingRole: ReadingRole;
  kind: TAnnotationKind;
  key: string;
  seq: number;
  source: AnnotationSource;
  deleted: boolean;
  data: TAnnotationData;
  score: number | null;
  author: { id: string; name: string } | null;
  model: { id: string; modelId: string; version: string } | null;
  /** The revision this one replaced (the AI's original for a first correction), with its content. */
  replaces: { revisionId: string; source: AnnotationSource; data: TAnnotationData; deleted: boolean } | null;
  /** Whether this revision is still the head of its annotation. */
  isHead: boolean;
  createdAt: string;
}

/**
 * Every annotation revision of a study, oldest first: who (reader or model version) wrote what,
 * what it replaced and when. AI originals and superseded corrections are all included.
 */
export async function annotationHistory(studyId: string): Promise<THistoryEntry[]> {
  const revisions = await db().annotationRevision.findMany({
    where: { annotation: { studyId } },
    orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
    include: {
      annotation: { select: { id: true, kind: true, key: true, readingId: true, headRevisionId: true, reading: { select: { role: true } } } },
      author: { select: { id: true, name: true } },
      modelVersion: { select: { id: true, modelId: true, version: true } },
      replaces: { select: { id: true, source: true, data: true, deleted: true, annotation: { select: { kind: true } } } },
    },
  });
  return revisions.map((r) => ({
    revisionId: r.id,
    annotationId: r.annotationId,
    readingId: r.annotation.readingId,
    readingRole: r.annotation.reading.role,
    kind: r.annotation.kind,
    key: r.annotation.key,
    seq: r.seq,
    source: r.source,
    deleted: r.deleted,
    data: readAnnotationData(r.annotation.kind, r.data, r.id),
    score: r.score,
    author: r.author,
    model: r.modelVersion,
    replaces: r.replaces
      ? { revisionId: r.replaces.id, source: r.replaces.source, deleted: r.replaces.deleted, data: readAnnotationData(r.replaces.annotation.kind, r.replaces.data, r.replaces.id) }
      : null,
    isHead: r.annotation.headRevisionId === r.id,
    createdAt: r.createdAt.toISOString(),
  }));
}
