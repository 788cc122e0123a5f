import type { Instance, Patient, Reading, Series, Study } from "@prisma/client";
import { mayIdentifyPatient, studyPseudonym } from "../auth/identity-visibility";
import type { TRole } from "../auth/roles";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";

export type TServableStudy = Study & { patient: Patient; readings: Reading[]; series: Array<Series & { instances: Instance[] }> };

/** A study as one viewer may receive it over DICOMweb: whether identity is shown, else the pseudonym. */
export interface TServed {
  study: TServableStudy;
  identify: boolean;
  pseudonym: string;
}

export type TViewer = { id: string; role: TRole };

/**
 * Loads a study by Study Instance UID for a viewer (who already holds study:read): with its
 * series and instances, and the identity decision of lib/auth/identity-visibility (annotators and
 * blinded readers get the pseudonym). NOT_FOUND for an unknown UID.
 */
export async function servableStudy(viewer: TViewer, studyInstanceUid: string): Promise<TServed> {
  const study = await db().study.findUnique({ where: { studyInstanceUid }, include: { patient: true, readings: true, series: { include: { instances: { orderBy: { instanceNumber: "asc" } } }, orderBy: { seriesNumber: "asc" } } } });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });
  return { study, identify: mayIdentifyPatient(viewer, study), pseudonym: studyPseudonym(study.id) };
}

/** The series of a served study, NOT_FOUND when it is not one of its series. */
export function seriesOf(served: TServed, seriesInstanceUid: string): TServableStudy["series"][number] {
  const series = served.study.series.find((s) => s.seriesInstanceUid === seriesInstanceUid);
  if (!series) throw new AppError("NOT_FOUND", { userMessage: "This series is not part of the study." });
  return series;
}

/** The instance of a served series, NOT_FOUND otherwise. */
export function instanceOf(series: TServableStudy["series"][number], sopInstanceUid: string): Instance {
  const instance = series.instances.find((i) => i.sopInstanceUid === sopInstanceUid);
  if (!instance) throw new AppError("NOT_FOUND", { userMessage: "This instance is not part of the series." });
  return instance;
}
