import type { ImagePlane, SeriesWeighting } from "@prisma/client";
import type { TTx } from "../db/client";
import { classifyPlane } from "../dicom/classify-plane";
import { classifyWeighting } from "../dicom/classify-weighting";
import type { InstanceMeta } from "../dicom/types";
import { newId } from "../db/new-id";

/** Study and series rows known to exist: uid → row id. */
export interface IndexCache {
  studies: Map<string, string>;
  series: Map<string, string>;
}

/**
 * Makes sure the patient, study and series rows of these instances exist and records their ids in
 * `ensured`: three INSERT … ON CONFLICT DO NOTHING statements (each with one JSON parameter) and
 * three SELECTs per batch, whatever the number of series, instead of an upsert per row (each upsert
 * cost a round trip plus Prisma's query compilation). Existing rows are never changed: the first
 * file of a study or series names it.
 */
export async function ensureSeries(tx: TTx, metas: InstanceMeta[], ensured: IndexCache): Promise<void> {
  // A series is described by one of its images: one with geometry and not a localizer stored inside it,
  // so that one odd image does not name the whole series' plane (the pipeline sets such images aside).
  const candidates = metas.filter((m) => !ensured.series.has(m.seriesInstanceUid)).sort((a, b) => oddness(a) - oddness(b));
  const series = distinct(candidates, (m) => m.seriesInstanceUid);
  if (series.length === 0) return;
  const studies = distinct(series.filter((m) => !ensured.studies.has(m.studyInstanceUid)), (m) => m.studyInstanceUid);
  if (studies.length > 0) {
    const patients = distinct(studies, patientKey);
    await tx.$executeRawUnsafe(
      `INSERT INTO "Patient" ("id", "patientId", "issuer", "name", "birthDate", "sex")
       SELECT r."id", r."patientId", '', r."name", r."birthDate", r."sex" FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "patientId" text, "name" text, "birthDate" text, "sex" text)
       ON CONFLICT ("patientId", "issuer") DO NOTHING`,
      JSON.stringify(patients.map((m) => ({ id: newId(), patientId: patientKey(m), name: text(m.patientName), birthDate: text(m.patientBirthDate), sex: text(m.patientSex) }))),
    );
    const patientRows = await tx.$queryRawUnsafe<Array<{ id: string; patientId: string }>>(
      `SELECT "id", "patientId" FROM "Patient" WHERE "issuer" = '' AND "patientId" IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      JSON.stringify(patients.map(patientKey)),
    );
    const patientIds = new Map(patientRows.map((p) => [p.patientId, p.id]));
    await tx.$executeRawUnsafe(
      `INSERT INTO "Study" ("id", "studyInstanceUid", "patientId", "studyDate", "studyTime", "description", "accessionNumber", "updatedAt")
       SELECT r."id", r."studyInstanceUid", r."patientId", r."studyDate", r."studyTime", r."description", r."accessionNumber", CURRENT_TIMESTAMP
       FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "studyInstanceUid" text, "patientId" text, "studyDate" text, "studyTime" text, "description" text, "accessionNumber" text)
       ON CONFLICT ("studyInstanceUid") DO NOTHING`,
      JSON.stringify(
        studies.map((m) => ({
          id: newId(),
          studyInstanceUid: m.studyInstanceUid,
          patientId: patientIds.get(patientKey(m)),
          studyDate: text(m.studyDate),
          studyTime: text(m.studyTime),
          description: text(m.studyDescription),
          accessionNumber: text(m.accessionNumber),
        })),
      ),
    );
    const studyRows = await tx.$queryRawUnsafe<Array<{ id: string; studyInstanceUid: string }>>(
      `SELECT "id", "studyInstanceUid" FROM "Study" WHERE "studyInstanceUid" IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      JSON.stringify(studies.map((m) => m.studyInstanceUid)),
    );
    for (const s of studyRows) ensured.studies.set(s.studyInstanceUid, s.id);
  }
  await tx.$executeRawUnsafe(
    `INSERT INTO "Series" ("id", "seriesInstanceUid", "studyId", "seriesNumber", "description", "modality", "plane", "weighting", "frameOfReferenceUid", "echoTime", "repetitionTime")
     SELECT r."id", r."seriesInstanceUid", r."studyId", r."seriesNumber", r."description", r."modality", r."plane"::"ImagePlane", r."weighting"::"SeriesWeighting", r."frameOfReferenceUid", r."echoTime", r."repetitionTime"
     FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "seriesInstanceUid" text, "studyId" text, "seriesNumber" integer, "description" text, "modality" text, "plane" text, "weighting" text, "frameOfReferenceUid" text, "echoTime" double precision, "repetitionTime" double precision)
     ON CONFLICT ("seriesInstanceUid") DO NOTHING`,
    JSON.stringify(
      series.map((m) => ({
        id: newId(),
        seriesInstanceUid: m.seriesInstanceUid,
        studyId: ensured.studies.get(m.studyInstanceUid),
        seriesNumber: int32(m.seriesNumber),
        description: text(m.seriesDescription),
        modality: text(m.modality),
        plane: planeOf(m),
        weighting: classifyWeighting(m).toUpperCase() as SeriesWeighting,
        frameOfReferenceUid: text(m.geometry?.frameOfReferenceUid),
        echoTime: finite(m.echoTime),
        repetitionTime: finite(m.repetitionTime),
      })),
    ),
  );
  const seriesRows = await tx.$queryRawUnsafe<Array<{ id: string; seriesInstanceUid: string }>>(
    `SELECT "id", "seriesInstanceUid" FROM "Series" WHERE "seriesInstanceUid" IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    JSON.stringify(series.map((m) => m.seriesInstanceUid)),
  );
  for (const s of seriesRows) ensured.series.set(s.seriesInstanceUid, s.id);
}

function distinct<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** 0 for an image fit to describe its series; higher for one without geometry or a LOCALIZER. */
function oddness(meta: InstanceMeta): number {
  const localizer = meta.imageType?.some((t) => t.toUpperCase() === "LOCALIZER") ? 2 : 0;
  return localizer + (meta.geometry ? 0 : 1);
}

function patientKey(meta: InstanceMeta): string {
  return clean(meta.patientId ?? "");
}

function planeOf(meta: InstanceMeta): ImagePlane {
  return meta.geometry ? (classifyPlane(meta.geometry).toUpperCase() as ImagePlane) : "UNKNOWN";
}

/** PostgreSQL text (and jsonb) cannot hold U+0000, which a hostile file may put anywhere in a string. */
export function clean(value: string): string {
  return value.includes("\u0000") ? value.replaceAll("\u0000", "") : value;
}

export function text(value: string | undefined): string | null {
  return value === undefined ? null : clean(value);
}

export function int32(value: number | undefined): number | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  const n = Math.trunc(value);
  return n >= -2_147_483_648 && n <= 2_147_483_647 ? n : null;
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
