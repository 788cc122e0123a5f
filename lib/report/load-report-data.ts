import type { Instance, Patient, Series, Study } from "@prisma/client";
import type { TDb, TTx } from "../db/client";
import { AppError } from "../errors/app-error";
import type { TDiagnosis, TDiscLevel } from "../phantom/truth";
import { readSnapshot } from "../review/snapshot/read-snapshot";
import type { TSignedSnapshot } from "../review/snapshot/schema";
import { finalSourceOf } from "../supervision/final-labels";
import { reportCounting, type TReportCounting } from "./counting-statement";
import { findingFromAi, levelFindingOf, type TLevelFinding } from "../findings";
import { LEVEL_ORDER, type TReportData, type TReportLevel, type TReportMeasurement } from "./report-data";

/**
 * The reading a study's report states: its final signed reading (lib/supervision's finalSourceOf:
 * a signed adjudication, else the signed primary of a single read or of an agreed double read;
 * amendments count, an amendment still open does not hide what it amends). None: CONFLICT (409).
 */
export async function finalSignedReading(client: TDb | TTx, studyId: string) {
  const study = await client.study.findUnique({ where: { id: studyId }, include: { readings: { include: { reader: true } } } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const final = finalSourceOf(study, study.readings);
  if (!final?.reading.signedAt || !final.reading.reader) {
    throw new AppError("CONFLICT", { userMessage: "This study has no signed reading yet; a report is produced only after a radiologist signs it." });
  }
  return final.reading;
}

type TStudyRow = Study & { patient: Patient; series: Array<Series & { instances: Instance[] }> };

/**
 * TReportData from a signed reading's frozen snapshot (pure): the values the reader signed, the
 * AI's diagnoses as they were at signing, the amendment it makes. The study row gives the
 * patient and the image references; only identifiers and UIDs come from it, never findings.
 */
export function reportDataFromSnapshot(snapshot: TSignedSnapshot, study: TStudyRow): TReportData {
  const finalDx = new Map<TDiscLevel, TDiagnosis>();
  const findings = new Map<TDiscLevel, TLevelFinding>();
  const lengths: TReportMeasurement[] = [];
  const lengthLevel = new Map<string, TDiscLevel | null>();
  let impression: string | null = null;
  const sliceLevels = new Map<string, TDiscLevel | null>();
  const rois = new Map<string, [number, number, number, number]>();
  const vertebrae: TReportData["vertebrae"] = [];
  for (const v of snapshot.values) {
    if (v.kind === "LEVEL_DIAGNOSIS") {
      finalDx.set(v.data.level, v.data.diagnosis);
      findings.set(v.data.level, levelFindingOf(v.data));
    } else if (v.kind === "IMPRESSION") {
      impression = v.data.text;
    } else if (v.kind === "LENGTH") {
      lengths.push({ id: v.data.id, sopInstanceUid: v.data.sopInstanceUid, frameIndex: v.data.frameIndex, purpose: v.data.purpose, points: v.data.points, mm: v.data.lengthMm });
      lengthLevel.set(v.data.id, v.data.level);
    }
    else if (v.kind === "SLICE_LEVEL") sliceLevels.set(v.data.sopInstanceUid, v.data.level);
    else if (v.kind === "DISC_ROI") rois.set(v.data.sopInstanceUid, v.data.box);
    else if (v.kind === "VERTEBRA_BOX") vertebrae.push({ label: v.data.label, box: v.data.box, sopInstanceUid: v.data.sopInstanceUid });
  }
  const aiDx = new Map(snapshot.aiLevels.map((a) => [a.level, a]));
  const levels: TReportLevel[] = LEVEL_ORDER.map((level) => {
    const diagnosis = finalDx.get(level) ?? null;
    const ai = aiDx.get(level);
    const aiDiagnosis: TDiagnosis | null = ai?.diagnosis ?? null;
    const images = [...sliceLevels.entries()].filter(([, l]) => l === level).map(([sop]) => ({ sopInstanceUid: sop, roi: rois.get(sop) ?? null }));
    const finding = findings.get(level) ?? null;
    const measurements = lengths.filter((m) => lengthLevel.get(m.id) === level);
    const changedByReader = diagnosis !== aiDiagnosis || (finding !== null && aiDiagnosis !== null && JSON.stringify(finding) !== JSON.stringify(findingFromAi(aiDiagnosis)));
    return { level, diagnosis, aiDiagnosis, aiProbability: ai?.probabilities && aiDiagnosis ? ai.probabilities[aiDiagnosis] : null, changedByReader, finding, measurements, images };
  });
  const instances: TReportData["instances"] = {};
  for (const s of study.series) for (const i of s.instances) instances[i.sopInstanceUid] = { sopClassUid: i.sopClassUid ?? "1.2.840.10008.5.1.4.1.1.4", seriesInstanceUid: s.seriesInstanceUid };
  const midSop = vertebrae[0]?.sopInstanceUid ?? null;
  return {
    studyId: study.id,
    studyInstanceUid: study.studyInstanceUid,
    studyDate: study.studyDate,
    studyTime: study.studyTime,
    accessionNumber: study.accessionNumber,
    studyDescription: study.description,
    patient: { id: study.patient.patientId, issuer: study.patient.issuer, name: study.patient.name, birthDate: study.patient.birthDate, sex: study.patient.sex },
    reading: { id: snapshot.readingId, role: snapshot.role, signedAt: new Date(snapshot.signedAt), reader: snapshot.reader },
    amendment: snapshot.amends
      ? { amendsReadingId: snapshot.amends.readingId, reason: snapshot.amends.reason, previousSignedAt: snapshot.amends.signedAt ? new Date(snapshot.amends.signedAt) : null, previousReaderName: snapshot.amends.readerName }
      : null,
    models: snapshot.pipelineModels,
    impression,
    levels,
    vertebrae,
    sagittal: midSop ? { seriesInstanceUid: instances[midSop]?.seriesInstanceUid ?? "", midSopInstanceUid: midSop } : null,
    instances,
  };
}

/** TReportData of one signed reading, from its snapshot; CONFLICT when it has none (not signed). */
export async function loadReportData(client: TDb | TTx, readingId: string): Promise<TReportData> {
  const frozen = await readSnapshot(client, readingId);
  if (!frozen) throw new AppError("CONFLICT", { userMessage: "This reading has no signed record; a report is produced only from a signed reading." });
  const study = await client.study.findUnique({ where: { id: frozen.snapshot.studyId }, include: { patient: true, series: { include: { instances: true } } } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  const data = reportDataFromSnapshot(frozen.snapshot, study);
  return { ...data, counting: await countingOfSnapshot(client, frozen.snapshot) };
}

/**
 * How the AI named the levels of a signed snapshot (issue 11): the vertebra detector's stored
 * manifest (the model version its AI vertebra values came from, or corrected) and the counting
 * flags of the slice-level values. Null when no vertebra value names a model version.
 */
async function countingOfSnapshot(client: TDb | TTx, snapshot: TSignedSnapshot): Promise<TReportCounting | null> {
  const vertebrae = snapshot.values.filter((v) => v.kind === "VERTEBRA_BOX");
  const modelVersionId = vertebrae.map((v) => v.model?.id ?? v.correctedModel?.id).find((id) => id !== undefined);
  if (!modelVersionId) return null;
  const row = await client.modelVersion.findUnique({ where: { id: modelVersionId }, select: { manifest: true } });
  const sliceFlags = snapshot.values.flatMap((v) => (v.kind === "SLICE_LEVEL" ? [v.data.flags] : []));
  return reportCounting(row?.manifest ?? null, sliceFlags, vertebrae.some((v) => v.source === "AI" || v.correctedModel !== null));
}
