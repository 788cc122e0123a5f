import type { TAnalysis } from "../../lib/analysis/schema";
import { db } from "../../lib/db/client";

/** A study row with one pipeline run and a small hand-made analysis document (no DICOM needed). */
export async function makeAnalysedStudy(tag = `${Date.now()}-${Math.random().toString(36).slice(2)}`) {
  const patient = await db().patient.create({ data: { patientId: `P-${tag}` } });
  const study = await db().study.create({ data: { studyInstanceUid: `1.2.826.0.1.${tag.replace(/\D/g, "")}`, patientId: patient.id } });
  const run = await db().pipelineRun.create({ data: { studyId: study.id, status: "DONE", progress: 1 } });
  const analysis: TAnalysis = {
    schema: "discern.analysis/v1",
    studyInstanceUid: study.studyInstanceUid,
    series: { sagittal: "sag", axial: ["ax"], ignored: [] },
    skippedFiles: [],
    vertebrae: (["L1", "L2", "L3", "L4", "L5", "S1"] as const).map((label, i) => ({
      label,
      sopInstanceUid: "sag-mid",
      box: [100, 40 + i * 40, 140, 70 + i * 40] as [number, number, number, number],
      score: 0.99,
      centerPatient: [0, 0, -i * 38] as [number, number, number],
    })),
    slices: [
      { sopInstanceUid: "ax-1", seriesInstanceUid: "ax", level: "L3-L4", distanceMm: 0.5, flags: [] },
      { sopInstanceUid: "ax-2", seriesInstanceUid: "ax", level: "L4-L5", distanceMm: -0.2, flags: [] },
    ],
    discs: [
      { sopInstanceUid: "ax-1", level: "L3-L4", roi: [90, 80, 170, 150], score: 0.95, diagnosis: "normal", probabilities: { normal: 0.8, bulge: 0.15, herniation: 0.05 } },
      { sopInstanceUid: "ax-2", level: "L4-L5", roi: [92, 82, 172, 152], score: 0.93, diagnosis: "bulge", probabilities: { normal: 0.2, bulge: 0.7, herniation: 0.1 } },
    ],
    levels: [
      { level: "L3-L4", diagnosis: "normal", probabilities: { normal: 0.8, bulge: 0.15, herniation: 0.05 }, sopInstanceUids: ["ax-1"] },
      { level: "L4-L5", diagnosis: "bulge", probabilities: { normal: 0.2, bulge: 0.7, herniation: 0.1 }, sopInstanceUids: ["ax-2"] },
    ],
    models: [{ id: "test-model", version: "0" }],
    device: "cpu",
    timingsMs: { total: 1 },
  };
  const model = await db().modelVersion.upsert({
    where: { modelId_version: { modelId: "test-model", version: "0" } },
    create: { modelId: "test-model", version: "0", task: "test", sha256: "0", manifest: {} },
    update: {},
  });
  return { patient, study, run, analysis, modelVersionId: model.id };
}
