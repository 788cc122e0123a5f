import type { Prisma } from "@prisma/client";
import { effectiveAnnotations, type TEffectiveAnnotation } from "../../annotations/effective-annotations";
import type { TLevelDiagnosisData } from "../../annotations/schemas";
import type { TTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { canonicalSha256 } from "./canonical-json";
import { ZSignedSnapshot, type TSignedSnapshot, type TSnapshotModel, type TSnapshotValue } from "./schema";

export interface FreezeReadingOptions {
  readingId: string;
  /** The AI reading the reading's view is pinned to (Reading.aiReadingId, set in the same transaction). */
  aiReadingId: string | null;
  signedAt: Date;
}

/**
 * Freezes a reading being signed (issue 12.3): every effective value — untouched AI values
 * included — with the model version it came from, the AI's own level diagnoses, the reader, the
 * amendment it makes; validated with ZSignedSnapshot and written as its SignedSnapshot row with a
 * sha256, inside the signing transaction. Returns the snapshot and its hash.
 */
export async function freezeReading(tx: TTx, options: FreezeReadingOptions): Promise<{ snapshot: TSignedSnapshot; sha256: string }> {
  const reading = await tx.reading.findUnique({ where: { id: options.readingId }, include: { reader: true, amends: { include: { reader: { select: { name: true } } } } } });
  if (!reading?.reader) throw new AppError("INTERNAL", { message: `freezeReading: reading ${options.readingId} has no reader` });
  if (reading.role !== "PRIMARY" && reading.role !== "SECOND" && reading.role !== "ADJUDICATION") throw new AppError("INTERNAL", { message: `freezeReading: role ${reading.role}` });
  const values = await effectiveAnnotations(reading.id, { client: tx });
  const ai = options.aiReadingId ? await effectiveAnnotations(options.aiReadingId, { client: tx }) : [];
  const corrected = await correctedModels(tx, values);
  const modelIds = [...values, ...ai].map((v) => v.modelVersionId).concat([...corrected.values()]).filter((m): m is string => m !== null);
  const models = new Map((await tx.modelVersion.findMany({ where: { id: { in: [...new Set(modelIds)] } }, select: { id: true, modelId: true, version: true } })).map((m) => [m.id, m]));
  const aiReading = options.aiReadingId ? await tx.reading.findUnique({ where: { id: options.aiReadingId }, include: { pipelineRun: { select: { models: true } } } }) : null;

  const modelOf = (id: string | null): TSnapshotModel | null => (id ? (models.get(id) ?? null) : null);
  const snapshot: TSignedSnapshot = {
    schema: "discern.signed-reading/v1",
    readingId: reading.id,
    studyId: reading.studyId,
    role: reading.role,
    reader: { id: reading.reader.id, name: reading.reader.name, email: reading.reader.email },
    signedAt: options.signedAt.toISOString(),
    amends: reading.amends
      ? { readingId: reading.amends.id, reason: reading.amendReason ?? "", signedAt: reading.amends.signedAt?.toISOString() ?? null, readerName: reading.amends.reader?.name ?? null }
      : null,
    aiReadingId: options.aiReadingId,
    pipelineModels: pipelineModelsOf(aiReading?.pipelineRun?.models),
    values: values.filter((v) => !v.deleted).map((v) => valueOf(v, modelOf(v.modelVersionId), modelOf(corrected.get(v.revisionId) ?? null))),
    aiLevels: ai
      .filter((a) => a.kind === "LEVEL_DIAGNOSIS")
      .map((a) => {
        const d = a.data as TLevelDiagnosisData;
        return { level: d.level, diagnosis: d.diagnosis, probabilities: d.probabilities ?? null, model: modelOf(a.modelVersionId) };
      }),
  };
  const parsed = ZSignedSnapshot.parse(snapshot);
  const sha256 = canonicalSha256(parsed);
  await tx.signedSnapshot.create({ data: { readingId: reading.id, content: parsed as unknown as Prisma.InputJsonValue, sha256 } });
  return { snapshot: parsed, sha256 };
}

function valueOf(v: TEffectiveAnnotation, model: TSnapshotModel | null, correctedModel: TSnapshotModel | null): TSnapshotValue {
  return {
    kind: v.kind,
    data: v.data,
    key: v.key,
    revisionId: v.revisionId,
    source: v.source,
    authorId: v.authorId,
    replacesRevisionId: v.replacesRevisionId,
    model,
    correctedModel: v.source === "HUMAN" ? correctedModel : null,
  } as TSnapshotValue;
}

/**
 * For each human value, the model version of the AI revision at the root of what it replaced
 * (issue 12.7: a correction is credited to the model version it corrected). A reader's second
 * edit replaces their first, which replaced the AI's (or a signed reading's, which may itself
 * have replaced the AI's): the chain is followed level by level, one query per level.
 */
async function correctedModels(tx: TTx, values: TEffectiveAnnotation[]): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  let frontier = new Map<string, string>(); // value revision id → revision to look at next
  for (const v of values) if (v.source === "HUMAN" && v.replacesRevisionId) frontier.set(v.revisionId, v.replacesRevisionId);
  for (let depth = 0; frontier.size > 0 && depth < 100; depth++) {
    const rows = await tx.annotationRevision.findMany({ where: { id: { in: [...new Set(frontier.values())] } }, select: { id: true, modelVersionId: true, replacesRevisionId: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const next = new Map<string, string>();
    for (const [valueId, revisionId] of frontier) {
      const row = byId.get(revisionId);
      if (row?.modelVersionId) result.set(valueId, row.modelVersionId);
      else if (row?.replacesRevisionId) next.set(valueId, row.replacesRevisionId);
    }
    frontier = next;
  }
  return result;
}

function pipelineModelsOf(models: unknown): Array<{ id: string; version: string }> {
  if (!Array.isArray(models)) return [];
  return models.flatMap((m) => (m && typeof m === "object" && "id" in m && "version" in m ? [{ id: String(m.id), version: String(m.version) }] : []));
}
