import type { TDb, TTx } from "../db/client";
import { db } from "../db/client";
import { effectiveAnnotations } from "../annotations/effective-annotations";
import { currentAiReading } from "../annotations/reading-layers";
import type { TDiscRoiData, TLevelDiagnosisData, TSliceLevelData, TVertebraBoxData } from "../annotations/schemas";
import { AppError } from "../errors/app-error";
import type { TDiagnosis, TDiscLevel } from "../phantom/truth";
import { LEVEL_ORDER, type TReportData, type TReportLevel } from "./report-data";

/**
 * The reading a report states: the newest signed adjudication, else the newest signed primary
 * reading (an amendment is itself a newer signed reading). None: CONFLICT (409) — the study
 * exists and the request is well formed, but the study is not in a state that has a report yet.
 */
export async function finalSignedReading(client: TDb | TTx, studyId: string) {
  const study = await client.study.findUnique({ where: { id: studyId }, select: { reviewState: true } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  // Blinded double readings are signed one by one before adjudication: only a SIGNED study has a final answer.
  if (study.reviewState !== "SIGNED") throw new AppError("CONFLICT", { userMessage: "This study has no signed reading yet; a report is produced only after a radiologist signs it." });
  for (const role of ["ADJUDICATION", "PRIMARY"] as const) {
    const reading = await client.reading.findFirst({
      where: { studyId, role, status: "SIGNED", amendedBy: null },
      orderBy: { signedAt: "desc" },
      include: { reader: true },
    });
    if (reading?.signedAt && reading.reader) return reading;
  }
  throw new AppError("CONFLICT", { userMessage: "This study has no signed reading yet; a report is produced only after a radiologist signs it." });
}

/** Gathers TReportData for a signed study (see finalSignedReading for the unsigned case). */
export async function loadReportData(studyId: string, client: TDb | TTx = db()): Promise<TReportData> {
  const study = await client.study.findUnique({ where: { id: studyId }, include: { patient: true, series: { include: { instances: true } } } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const reading = await finalSignedReading(client, studyId);
  const signed = await effectiveAnnotations(reading.id, { client });
  const ai = await currentAiReading(client, studyId);
  const aiAnnotations = ai ? await effectiveAnnotations(ai.id, { client }) : [];
  const aiRun = ai?.pipelineRunId ? await client.pipelineRun.findUnique({ where: { id: ai.pipelineRunId } }) : null;

  const diagnosisOf = (list: typeof signed) => {
    const map = new Map<TDiscLevel, TLevelDiagnosisData>();
    for (const a of list) if (a.kind === "LEVEL_DIAGNOSIS") map.set((a.data as TLevelDiagnosisData).level, a.data as TLevelDiagnosisData);
    return map;
  };
  const finalDx = diagnosisOf(signed);
  const aiDx = diagnosisOf(aiAnnotations);
  const sliceLevels = new Map<string, TDiscLevel | null>();
  for (const a of signed) if (a.kind === "SLICE_LEVEL") sliceLevels.set((a.data as TSliceLevelData).sopInstanceUid, (a.data as TSliceLevelData).level);
  const rois = new Map<string, TDiscRoiData>();
  for (const a of signed) if (a.kind === "DISC_ROI") rois.set((a.data as TDiscRoiData).sopInstanceUid, a.data as TDiscRoiData);

  const levels: TReportLevel[] = LEVEL_ORDER.map((level) => {
    const f = finalDx.get(level);
    const a = aiDx.get(level);
    const aiDiagnosis: TDiagnosis | null = a?.diagnosis ?? null;
    const images = [...sliceLevels.entries()].filter(([, l]) => l === level).map(([sop]) => ({ sopInstanceUid: sop, roi: rois.get(sop)?.box ?? null }));
    return {
      level,
      diagnosis: f?.diagnosis ?? null,
      aiDiagnosis,
      aiProbability: a?.probabilities && aiDiagnosis ? a.probabilities[aiDiagnosis] : null,
      changedByReader: (f?.diagnosis ?? null) !== aiDiagnosis,
      images,
    };
  });
  const vertebrae = signed.filter((a) => a.kind === "VERTEBRA_BOX").map((a) => a.data as TVertebraBoxData);
  const instances: TReportData["instances"] = {};
  for (const s of study.series) for (const i of s.instances) instances[i.sopInstanceUid] = { sopClassUid: i.sopClassUid ?? "1.2.840.10008.5.1.4.1.1.4", seriesInstanceUid: s.seriesInstanceUid };
  const midSop = vertebrae[0]?.sopInstanceUid ?? null;
  const models = Array.isArray(aiRun?.models) ? (aiRun.models as unknown[]).flatMap((m) => (m && typeof m === "object" && "id" in m && "version" in m ? [{ id: String(m.id), version: String(m.version) }] : [])) : [];
  return {
    studyId: study.id,
    studyInstanceUid: study.studyInstanceUid,
    studyDate: study.studyDate,
    studyTime: study.studyTime,
    accessionNumber: study.accessionNumber,
    studyDescription: study.description,
    patient: { id: study.patient.patientId, issuer: study.patient.issuer, name: study.patient.name, birthDate: study.patient.birthDate, sex: study.patient.sex },
    reading: { id: reading.id, role: reading.role, signedAt: reading.signedAt!, reader: { id: reading.reader!.id, name: reading.reader!.name, email: reading.reader!.email } },
    models,
    levels,
    vertebrae: vertebrae.map((v) => ({ label: v.label, box: v.box, sopInstanceUid: v.sopInstanceUid })),
    sagittal: midSop ? { seriesInstanceUid: instances[midSop]?.seriesInstanceUid ?? "", midSopInstanceUid: midSop } : null,
    instances,
  };
}
