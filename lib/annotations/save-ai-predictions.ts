import type { Prisma, Reading } from "@prisma/client";
import { ZAnalysis, type TAnalysis } from "../analysis/schema";
import { imageKey } from "../geometry/series-images";
import { recordAudit } from "../audit/record-audit";
import { db, type TTx } from "../db/client";
import { LONG_TRANSACTION } from "./transaction-options";
import { AppError } from "../errors/app-error";
import { randomUUID } from "node:crypto";
import { parseAnnotationData, type TAnnotationData, type TAnnotationKind } from "./schemas";

export interface SaveAiPredictionsOptions {
  studyId: string;
  pipelineRunId: string;
  analysis: TAnalysis;
  /**
   * ModelVersion ids per kind: VERTEBRA_BOX (the detector; SLICE_LEVEL derives from its boxes
   * and takes its id unless given), DISC_ROI (the ROI detector), LEVEL_DIAGNOSIS (the classifier).
   */
  modelVersionIds: Partial<Record<TAnnotationKind, string | null>>;
}

export interface TSavedAiPredictions {
  reading: Reading;
  annotations: number;
  /** false when this pipeline run had been stored already (idempotent repeat). */
  created: boolean;
}

interface TPrediction {
  kind: TAnnotationKind;
  key: string;
  data: TAnnotationData;
  score: number | null;
}

/** The analysis document as one prediction per vertebra, axial ROI, slice level and level diagnosis. */
export function predictionsOf(analysis: TAnalysis): TPrediction[] {
  const out: TPrediction[] = [];
  const push = (kind: TAnnotationKind, key: string, data: unknown, score: number | null) => {
    if (out.some((p) => p.kind === kind && p.key === key)) return; // the first detection of a label wins
    out.push({ kind, key, data: parseAnnotationData(kind, data), score });
  };
  // Frames of an enhanced object are images of their own: keyed and stored with their frame index.
  const frame = (f: number | undefined) => (f === undefined ? {} : { frameIndex: f });
  for (const v of analysis.vertebrae) push("VERTEBRA_BOX", v.label, { label: v.label, box: v.box, sopInstanceUid: v.sopInstanceUid, ...frame(v.frameIndex), centerPatient: v.centerPatient }, v.score);
  for (const s of analysis.slices) push("SLICE_LEVEL", imageKey(s.sopInstanceUid, s.frameIndex), { sopInstanceUid: s.sopInstanceUid, ...frame(s.frameIndex), level: s.level, distanceMm: s.distanceMm, flags: s.flags }, null);
  for (const d of analysis.discs) {
    push("DISC_ROI", imageKey(d.sopInstanceUid, d.frameIndex), { sopInstanceUid: d.sopInstanceUid, ...frame(d.frameIndex), level: d.level, box: d.roi, score: d.score, diagnosis: d.diagnosis, probabilities: d.probabilities }, d.score);
  }
  for (const l of analysis.levels) {
    const top = Math.max(l.probabilities.normal, l.probabilities.bulge, l.probabilities.herniation);
    push("LEVEL_DIAGNOSIS", l.level, { level: l.level, diagnosis: l.diagnosis, probabilities: l.probabilities }, top);
  }
  return out;
}

/**
 * Stores a pipeline run's output as the study's AI reading (role AI, status SIGNED: the AI's
 * pass is final the moment it is written): one Annotation with its first AnnotationRevision
 * (source AI, model version, score) per prediction. Idempotent per pipeline run: a repeat returns
 * the stored reading. Earlier AI readings become SUPERSEDED (their revisions stay); human readings
 * are never touched. A NEW study becomes PRE_ANNOTATED.
 */
export async function saveAiPredictions(options: SaveAiPredictionsOptions): Promise<TSavedAiPredictions> {
  const analysis = ZAnalysis.parse(options.analysis);
  const predictions = predictionsOf(analysis);
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Study" WHERE id = ${options.studyId} FOR UPDATE`;
    const existing = await tx.reading.findUnique({ where: { pipelineRunId: options.pipelineRunId } });
    if (existing) {
      const annotations = await tx.annotation.count({ where: { readingId: existing.id } });
      return { reading: existing, annotations, created: false };
    }
    const run = await tx.pipelineRun.findUnique({ where: { id: options.pipelineRunId }, include: { study: true } });
    if (!run || run.studyId !== options.studyId) throw new AppError("NOT_FOUND", { userMessage: "This pipeline run does not belong to this study." });

    await tx.reading.updateMany({ where: { studyId: options.studyId, role: "AI", status: { not: "SUPERSEDED" } }, data: { status: "SUPERSEDED" } });
    const reading = await tx.reading.create({
      data: { studyId: options.studyId, role: "AI", status: "SIGNED", pipelineRunId: options.pipelineRunId, signedAt: new Date() },
    });
    await writePredictions(tx, reading, predictions, options.modelVersionIds);

    if (run.study.reviewState === "NEW") {
      await tx.study.update({ where: { id: options.studyId }, data: { reviewState: "PRE_ANNOTATED", version: { increment: 1 } } });
      await recordAudit(tx, { type: "STUDY_STATE_CHANGED", studyId: options.studyId, payload: { from: "NEW", to: "PRE_ANNOTATED", reason: "AI pre-annotation stored" } });
    }
    return { reading, annotations: predictions.length, created: true };
  }, LONG_TRANSACTION);
}

function modelVersionFor(kind: TAnnotationKind, ids: SaveAiPredictionsOptions["modelVersionIds"]): string | null {
  if (kind === "SLICE_LEVEL") return ids.SLICE_LEVEL ?? ids.VERTEBRA_BOX ?? null;
  return ids[kind] ?? null;
}

/** Writes every prediction with three statements (annotations, revisions, heads), whatever their number. */
async function writePredictions(tx: TTx, reading: Reading, predictions: TPrediction[], ids: SaveAiPredictionsOptions["modelVersionIds"]): Promise<void> {
  const uids = predictions.flatMap((p) => ("sopInstanceUid" in p.data ? [p.data.sopInstanceUid] : []));
  const instances = await tx.instance.findMany({ where: { sopInstanceUid: { in: [...new Set(uids)] } }, select: { id: true, sopInstanceUid: true } });
  const instanceOf = new Map(instances.map((i) => [i.sopInstanceUid, i.id]));
  const rows = predictions.map((p) => ({ p, annotationId: randomUUID(), revisionId: randomUUID() }));
  await tx.annotation.createMany({
    data: rows.map(({ p, annotationId }) => ({
      id: annotationId,
      readingId: reading.id,
      studyId: reading.studyId,
      kind: p.kind,
      key: p.key,
      instanceId: "sopInstanceUid" in p.data ? (instanceOf.get(p.data.sopInstanceUid) ?? null) : null,
      revision: 1,
    })),
  });
  await tx.annotationRevision.createMany({
    data: rows.map(({ p, annotationId, revisionId }) => ({
      id: revisionId,
      annotationId,
      seq: 1,
      source: "AI" as const,
      data: p.data as Prisma.InputJsonValue,
      modelVersionId: modelVersionFor(p.kind, ids),
      score: p.score,
    })),
  });
  await tx.$executeRaw`UPDATE "Annotation" AS a SET "headRevisionId" = r.id FROM "AnnotationRevision" AS r WHERE r."annotationId" = a.id AND a."readingId" = ${reading.id}`;
}
