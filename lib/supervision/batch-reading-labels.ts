import type { Reading } from "@prisma/client";
import { levelFindingOf } from "../findings";
import { readAnnotationData, type TDiscRoiData, type TLevelDiagnosisData, type TVertebraBoxData } from "../annotations/schemas";
import type { TDb, TTx } from "../db/client";
import type { TReadingLabels } from "./reading-labels";

type TReadingRow = Pick<Reading, "id" | "studyId" | "role" | "status" | "amendsId" | "aiReadingId" | "createdAt">;

/**
 * readingLabels for many readings at once (the dashboard reads every study): one query for all
 * annotation heads of the given studies, then the same layering as lib/annotations'
 * effectiveAnnotations — the AI reading the reading (or the nearest one it amends) was frozen on
 * at signing, else the study's current AI reading (newest not SUPERSEDED), then the signed
 * readings a reading amends (oldest first), then the reading itself; the topmost head of each
 * (kind, key) wins and a deleted head hides the thing. The integration test checks it against
 * readingLabels reading by reading, so the two cannot drift apart unnoticed.
 */
export async function batchReadingLabels(client: TDb | TTx, readings: readonly TReadingRow[], wanted: readonly string[]): Promise<Map<string, TReadingLabels>> {
  const studyIds = [...new Set(readings.map((r) => r.studyId))];
  const annotations = await client.annotation.findMany({ where: { studyId: { in: studyIds }, headRevisionId: { not: null } }, include: { head: true } });
  const byReading = new Map<string, typeof annotations>();
  for (const a of annotations) byReading.set(a.readingId, [...(byReading.get(a.readingId) ?? []), a]);
  const byId = new Map(readings.map((r) => [r.id, r]));
  const aiOf = new Map<string, string>();
  for (const r of [...readings].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    if (r.role === "AI" && r.status !== "SUPERSEDED") aiOf.set(r.studyId, r.id);
  }

  const result = new Map<string, TReadingLabels>();
  for (const id of wanted) {
    const reading = byId.get(id);
    if (!reading) continue;
    const layers: string[] = [reading.id];
    if (reading.role !== "AI") {
      let pinned = reading.aiReadingId;
      let amendsId = reading.amendsId;
      for (let depth = 0; amendsId && depth < 100; depth++) {
        layers.unshift(amendsId);
        pinned ??= byId.get(amendsId)?.aiReadingId ?? null;
        amendsId = byId.get(amendsId)?.amendsId ?? null;
      }
      const ai = pinned ?? aiOf.get(reading.studyId);
      if (ai) layers.unshift(ai);
    }
    const top = new Map<string, (typeof annotations)[number]>();
    for (const layer of layers) for (const a of byReading.get(layer) ?? []) top.set(`${a.kind}\u0000${a.key}`, a);
    const labels: TReadingLabels = { readingId: id, levels: new Map(), vertebrae: new Map(), rois: new Map() };
    for (const a of top.values()) {
      const head = a.head;
      if (!head || head.deleted) continue;
      const provenance = { source: head.source, modelVersionId: head.modelVersionId, replacesRevisionId: head.replacesRevisionId };
      if (a.kind === "LEVEL_DIAGNOSIS") {
        const d = readAnnotationData(a.kind, head.data, head.id) as TLevelDiagnosisData;
        labels.levels.set(d.level, { diagnosis: d.diagnosis, finding: levelFindingOf(d), probabilities: d.probabilities ?? null, ...provenance });
      } else if (a.kind === "VERTEBRA_BOX") {
        const d = readAnnotationData(a.kind, head.data, head.id) as TVertebraBoxData;
        labels.vertebrae.set(d.label, { box: d.box, sopInstanceUid: d.sopInstanceUid, ...provenance });
      } else if (a.kind === "DISC_ROI") {
        const d = readAnnotationData(a.kind, head.data, head.id) as TDiscRoiData;
        labels.rois.set(d.sopInstanceUid, { box: d.box, level: d.level ?? null, ...provenance });
      }
    }
    result.set(id, labels);
  }
  return result;
}
