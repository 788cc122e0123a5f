import type { Prisma } from "@prisma/client";
import { db, type TDb } from "../db/client";
import type { TDiagnosis, TDiscLevel } from "../phantom/truth";
import { signedReading } from "./current-readings";
import { batchReadingLabels } from "./batch-reading-labels";
import { finalSourceOf } from "./final-labels";
import type { TReadingLabels } from "./reading-labels";
import type { TStatsFilters } from "./stats-filters";
import type { TStatsReading, TStatsReadingLabels, TStatsStudy } from "./stats-input";

/**
 * Reads the studies the filters select and turns each into TStatsStudy: the current AI reading's
 * labels, the current signed PRIMARY / SECOND / ADJUDICATION readings, and the final label.
 * Model versions are named "modelId@version".
 */
export async function collectStats(filters: TStatsFilters, client: TDb = db()): Promise<TStatsStudy[]> {
  const versions = new Map((await client.modelVersion.findMany()).map((v) => [v.id, `${v.modelId}@${v.version}`]));
  const where: Prisma.StudyWhereInput = {};
  if (filters.from || filters.to) {
    where.createdAt = {
      ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00.000Z`) } : {}),
      ...(filters.to ? { lt: new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + 86_400_000) } : {}),
    };
  }
  if (filters.readerId) where.readings = { some: { readerId: filters.readerId, status: "SIGNED" } };
  const studies = await client.study.findMany({ where, orderBy: { createdAt: "asc" }, include: { readings: { include: { reader: { select: { name: true } } } } } });

  const allReadings = studies.flatMap((s) => s.readings);
  const picks = studies.map((study) => {
    const ai = [...study.readings].filter((r) => r.role === "AI" && r.status !== "SUPERSEDED").sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null;
    const human = (["PRIMARY", "SECOND", "ADJUDICATION"] as const).flatMap((role) => {
      const reading = signedReading(study.readings, role);
      return reading?.readerId ? [{ role, reading }] : [];
    });
    return { study, ai, human, final: finalSourceOf(study, study.readings) };
  });
  const byId = new Map(allReadings.map((r) => [r.id, r]));
  // The AI reading each human reading was frozen on (its own pin, else the nearest amended one's).
  const basisOf = (readingId: string): string | null => {
    let current = byId.get(readingId);
    for (let depth = 0; current && depth < 100; depth++) {
      if (current.aiReadingId) return current.aiReadingId;
      current = current.amendsId ? byId.get(current.amendsId) : undefined;
    }
    return null;
  };
  const labelsOf = await batchReadingLabels(
    client,
    allReadings,
    picks.flatMap((p) => [...(p.ai ? [p.ai.id] : []), ...p.human.flatMap((h) => [h.reading.id, ...(basisOf(h.reading.id) ? [basisOf(h.reading.id)!] : [])])]),
  );

  const basisLabels = (id: string | null) => {
    const labels = id ? labelsOf.get(id) : undefined;
    return labels ? plain(labels, versions) : null;
  };
  const wanted = filters.modelVersion;
  const result: TStatsStudy[] = [];
  for (const { study, ai: aiReading, human, final } of picks) {
    const ai = aiReading ? (labelsOf.get(aiReading.id) ?? null) : null;
    if (wanted && !(ai && usesVersion(ai, wanted, versions))) continue;
    const readings: TStatsReading[] = human.map(({ role, reading }) => ({
      readingId: reading.id,
      role,
      readerId: reading.readerId!,
      readerName: reading.reader?.name ?? "unknown",
      signedAt: reading.signedAt?.toISOString() ?? null,
      basis: basisLabels(basisOf(reading.id)),
      ...plain(labelsOf.get(reading.id)!, versions),
    }));
    const finalLevels = final ? labelsOf.get(final.reading.id)?.levels : undefined;
    result.push({
      studyId: study.id,
      createdAt: study.createdAt.toISOString(),
      design: study.readingDesign,
      reviewState: study.reviewState,
      ai: ai && aiReading ? { readingId: aiReading.id, ...plain(ai, versions) } : null,
      readings,
      final:
        final && finalLevels
          ? {
              readingId: final.reading.id,
              basis: final.basis,
              levels: Object.fromEntries([...finalLevels].map(([level, v]) => [level, v.diagnosis])) as Partial<Record<TDiscLevel, TDiagnosis>>,
            }
          : null,
    });
  }
  return result;
}

function usesVersion(labels: TReadingLabels, wanted: string, versions: Map<string, string>): boolean {
  const all = [...labels.levels.values(), ...labels.vertebrae.values(), ...labels.rois.values()];
  return all.some((v) => v.modelVersionId !== null && (v.modelVersionId === wanted || versions.get(v.modelVersionId) === wanted));
}

function plain(labels: TReadingLabels, versions: Map<string, string>): TStatsReadingLabels {
  const name = (id: string | null) => (id ? (versions.get(id) ?? id) : null);
  return {
    levels: Object.fromEntries([...labels.levels].map(([k, v]) => [k, { diagnosis: v.diagnosis, finding: v.finding, probabilities: v.probabilities, modelVersion: name(v.modelVersionId) }])),
    vertebrae: Object.fromEntries([...labels.vertebrae].map(([k, v]) => [k, { box: v.box, sopInstanceUid: v.sopInstanceUid, modelVersion: name(v.modelVersionId) }])),
    rois: Object.fromEntries([...labels.rois].map(([k, v]) => [k, { box: v.box, level: v.level, modelVersion: name(v.modelVersionId) }])),
  };
}
