import type { Instance, Series } from "@prisma/client";
import { mayIdentifyPatient, studyPseudonym } from "../auth/identity-visibility";
import { recordIdentityView } from "../audit/identity-views";
import { db } from "../db/client";
import { attr, maskIdentity, type TJsonDataset } from "./dicom-json";
import { servableStudy, seriesOf, type TServableStudy, type TServed, type TViewer } from "./servable-study";

const MAX_LIMIT = 200;

/** QIDO-RS study query parameters discern matches (PS3.18 8.3.4; exact or `*` wildcard on text). */
export interface TQidoStudyQuery {
  StudyInstanceUID?: string;
  PatientID?: string;
  PatientName?: string;
  StudyDate?: string;
  ModalitiesInStudy?: string;
  limit?: number;
  offset?: number;
}

function wildcard(pattern: string, value: string | null | undefined): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return re.test(value ?? "");
}

function dateMatches(range: string, date: string | null): boolean {
  if (!date) return false;
  const [from, to] = range.includes("-") ? range.split("-") : [range, range];
  return (!from || date >= from) && (!to || date <= to);
}

/** The study-level attributes of one study (PS3.18 Table 10.6.3-3), masked for a non-identifying viewer. */
export function studyAttributes(study: TServableStudy, identify: boolean): TJsonDataset {
  const modalities = [...new Set(study.series.map((s) => s.modality).filter((m): m is string => !!m))];
  const json: TJsonDataset = {
    "00080020": attr("DA", study.studyDate),
    "00080030": attr("TM", study.studyTime),
    "00080050": attr("SH", study.accessionNumber),
    "00080061": modalities.length ? { vr: "CS", Value: modalities } : { vr: "CS" },
    "00081030": attr("LO", study.description),
    "00100010": attr("PN", study.patient.name),
    "00100020": attr("LO", study.patient.patientId),
    "00100030": attr("DA", study.patient.birthDate),
    "00100040": attr("CS", study.patient.sex),
    "0020000D": attr("UI", study.studyInstanceUid),
    "00201206": attr("IS", study.series.length),
    "00201208": attr("IS", study.series.reduce((n, s) => n + s.instances.length, 0)),
  };
  return identify ? json : maskIdentity(json, studyPseudonym(study.id));
}

/**
 * QIDO-RS `GET /studies`: discern's studies matching the query, each masked unless the viewer may
 * identify its patient; identifier filters match what the viewer is shown (a pseudonym for a
 * masked study), so a filter never reveals a hidden identity. Identified studies listed are
 * audited (PATIENT_IDENTITY_VIEWED, surface dicomweb), never the data.
 */
export async function qidoStudies(viewer: TViewer, query: TQidoStudyQuery): Promise<TJsonDataset[]> {
  const studies = await db().study.findMany({
    where: query.StudyInstanceUID ? { studyInstanceUid: { in: query.StudyInstanceUID.split(",") } } : {},
    include: { patient: true, readings: true, series: { include: { instances: { select: { id: true } } } } },
    orderBy: { createdAt: "desc" },
  });
  const out: Array<{ id: string; identified: boolean; json: TJsonDataset }> = [];
  for (const study of studies) {
    const identify = mayIdentifyPatient(viewer, study);
    const shownName = identify ? study.patient.name : studyPseudonym(study.id);
    const shownId = identify ? study.patient.patientId : studyPseudonym(study.id);
    if (query.PatientID && !wildcard(query.PatientID, shownId)) continue;
    if (query.PatientName && !wildcard(query.PatientName, shownName)) continue;
    if (query.StudyDate && !dateMatches(query.StudyDate, study.studyDate)) continue;
    if (query.ModalitiesInStudy && !study.series.some((s) => s.modality === query.ModalitiesInStudy)) continue;
    out.push({ id: study.id, identified: identify, json: studyAttributes(study as unknown as TServableStudy, identify) });
  }
  const offset = Math.max(0, query.offset ?? 0);
  const page = out.slice(offset, offset + Math.min(MAX_LIMIT, Math.max(1, query.limit ?? MAX_LIMIT)));
  await recordIdentityView(viewer, "dicomweb", page);
  return page.map((p) => p.json);
}

function seriesAttributes(served: TServed, series: Series & { instances: Instance[] }): TJsonDataset {
  return {
    ...studyAttributes(served.study, served.identify),
    "00080060": attr("CS", series.modality),
    "0008103E": attr("LO", series.description),
    "0020000E": attr("UI", series.seriesInstanceUid),
    "00200011": attr("IS", series.seriesNumber),
    "00201209": attr("IS", series.instances.length),
  };
}

/** QIDO-RS `GET /studies/{study}/series`. NOT_FOUND for an unknown study. */
export async function qidoSeries(viewer: TViewer, studyInstanceUid: string): Promise<TJsonDataset[]> {
  const served = await servableStudy(viewer, studyInstanceUid);
  return served.study.series.map((s) => seriesAttributes(served, s));
}

/** QIDO-RS `GET /studies/{study}[/series/{series}]/instances`. NOT_FOUND for an unknown study or series. */
export async function qidoInstances(viewer: TViewer, studyInstanceUid: string, seriesInstanceUid?: string): Promise<TJsonDataset[]> {
  const served = await servableStudy(viewer, studyInstanceUid);
  const series = seriesInstanceUid ? [seriesOf(served, seriesInstanceUid)] : served.study.series;
  return series.flatMap((s) =>
    s.instances.map((i) => ({
      ...seriesAttributes(served, s),
      "00080016": attr("UI", i.sopClassUid),
      "00080018": attr("UI", i.sopInstanceUid),
      "00200013": attr("IS", i.instanceNumber),
      "00280008": attr("IS", i.frames),
      "00280010": attr("US", i.rows),
      "00280011": attr("US", i.columns),
      "00083002": attr("UI", i.transferSyntaxUid),
    })),
  );
}
