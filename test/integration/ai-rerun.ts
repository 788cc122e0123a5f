import type { TAnalysis } from "../../lib/analysis/schema";
import { currentAiReading, effectiveAnnotations, saveAiPredictions, type TDiscRoiData, type TLevelDiagnosisData, type TSliceLevelData, type TVertebraBoxData } from "../../lib/annotations";
import { db } from "../../lib/db/client";
import type { TDiagnosis } from "../../lib/phantom/truth";

const FLIP: Record<TDiagnosis, TDiagnosis> = { normal: "herniation", bulge: "normal", herniation: "bulge" };

/**
 * A second AI run over a study that disagrees with the first everywhere: every diagnosis flipped,
 * every box moved 7 px right, stored under a new model version ("rerun-model@2") exactly as the
 * worker stores a pipeline result (saveAiPredictions supersedes the earlier AI reading).
 */
export async function rerunAiDifferently(studyId: string): Promise<{ readingId: string; modelVersionId: string }> {
  const current = await currentAiReading(db(), studyId);
  if (!current) throw new Error("rerunAiDifferently: the study has no AI reading");
  const heads = await effectiveAnnotations(current.id);
  const of = <T>(kind: string) => heads.filter((h) => h.kind === kind).map((h) => h.data as T);
  const shift = (b: [number, number, number, number]): [number, number, number, number] => [b[0] + 7, b[1], b[2] + 7, b[3]];
  const probabilities = (d: TDiagnosis) => ({ normal: 0.05, bulge: 0.05, herniation: 0.05, [d]: 0.9 }) as { normal: number; bulge: number; herniation: number };
  const study = await db().study.findUniqueOrThrow({ where: { id: studyId } });
  const analysis: TAnalysis = {
    schema: "discern.analysis/v1",
    studyInstanceUid: study.studyInstanceUid,
    series: { sagittal: "rerun", axial: [], ignored: [] },
    skippedFiles: [],
    vertebrae: of<TVertebraBoxData>("VERTEBRA_BOX").map((v) => ({ label: v.label, sopInstanceUid: v.sopInstanceUid, box: shift(v.box), score: 0.8, centerPatient: v.centerPatient ?? [0, 0, 0] })),
    slices: of<TSliceLevelData>("SLICE_LEVEL").map((s) => ({ sopInstanceUid: s.sopInstanceUid, seriesInstanceUid: "rerun", level: s.level, distanceMm: s.distanceMm, flags: s.flags })),
    discs: of<TDiscRoiData>("DISC_ROI").flatMap((d) => (d.level ? [{ sopInstanceUid: d.sopInstanceUid, level: d.level, roi: shift(d.box), score: 0.8, diagnosis: FLIP[d.diagnosis ?? "normal"], probabilities: probabilities(FLIP[d.diagnosis ?? "normal"]) }] : [])),
    levels: of<TLevelDiagnosisData>("LEVEL_DIAGNOSIS").map((l) => ({ level: l.level, diagnosis: FLIP[l.diagnosis], probabilities: probabilities(FLIP[l.diagnosis]), sopInstanceUids: [] })),
    models: [{ id: "rerun-model", version: "2" }],
    device: "cpu",
    timingsMs: { total: 1 },
  };
  const model = await db().modelVersion.upsert({
    where: { modelId_version: { modelId: "rerun-model", version: "2" } },
    create: { modelId: "rerun-model", version: "2", task: "rerun", sha256: "1".repeat(64), manifest: {} },
    update: {},
  });
  const run = await db().pipelineRun.create({ data: { studyId, status: "DONE", progress: 1, models: analysis.models } });
  const ids = { VERTEBRA_BOX: model.id, DISC_ROI: model.id, SLICE_LEVEL: model.id, LEVEL_DIAGNOSIS: model.id };
  const saved = await saveAiPredictions({ studyId, pipelineRunId: run.id, analysis, modelVersionIds: ids });
  return { readingId: saved.reading.id, modelVersionId: model.id };
}
