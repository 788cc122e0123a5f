import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { fromZodError } from "../errors/app-error";
import { jsonValue, nodeClient, type TDicomJson } from "./dicomweb";
import { loadPacsNode } from "./pacs-nodes";

/** The search form (CLI flags or the "Find in PACS" page). Empty fields are not sent. */
export const ZPacsQuery = z
  .object({
    node: z.string().min(1).max(64),
    patientId: z.string().max(64).optional(),
    /** DICOM date or range: YYYYMMDD, YYYYMMDD-YYYYMMDD, -YYYYMMDD, YYYYMMDD- (PS3.4 C.2.2.2.5). */
    date: z.string().regex(/^(\d{8})?-?(\d{8})?$/, "use YYYYMMDD or a range YYYYMMDD-YYYYMMDD").max(17).optional(),
    modality: z.string().regex(/^[A-Z]{1,16}$/, "use a DICOM modality such as MR").optional(),
    /** Matched anywhere in the study description (sent as *text*, PS3.4 C.2.2.2.4 wildcards). */
    description: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type TPacsQuery = z.input<typeof ZPacsQuery>;

export interface TPacsSeries {
  seriesInstanceUid: string;
  modality: string;
  seriesNumber: string;
  description: string;
  instances: number | null;
}

/** One study found on the PACS; patient fields are for the searcher's screen only (never audited). */
export interface TPacsStudy {
  studyInstanceUid: string;
  patientId: string;
  patientName: string;
  studyDate: string;
  description: string;
  accession: string;
  modalities: string;
  instances: number | null;
  /** Instances of this study already in discern (a retrieve fetches the rest). */
  instancesInDiscern: number;
  series: TPacsSeries[];
}

const count = (d: TDicomJson, tag: string): number | null => {
  const v = jsonValue(d, tag);
  return v === "" ? null : Number(v);
};

/**
 * QIDO-RS on a node: studies matching the filters (PS3.18 10.6), then each study's series with
 * their descriptions, and how many of each study's instances discern already holds. Audited as
 * PACS_QUERIED with the number of results only. PEER_FAILED when the node fails.
 */
export async function findInPacs(query: TPacsQuery, options: { actorId: string | null; via: "cli" | "web" }): Promise<TPacsStudy[]> {
  const parsed = ZPacsQuery.safeParse(query);
  if (!parsed.success) throw fromZodError(parsed.error);
  const q = parsed.data;
  const node = await loadPacsNode(q.node);
  const { client, request, call } = nodeClient(node);
  const params: Record<string, string | number> = { limit: q.limit, includefield: "00081030,00201208,00080061" };
  if (q.patientId) params.PatientID = q.patientId;
  if (q.date) params.StudyDate = q.date;
  if (q.modality) params.ModalitiesInStudy = q.modality;
  if (q.description) params.StudyDescription = `*${q.description.replace(/[*?\\]/g, "")}*`;
  const found = (await call("QIDO-RS studies", () => client.searchForStudies({ queryParams: params, request: request() }))) ?? [];
  const studies: TPacsStudy[] = [];
  for (const s of found) {
    const studyInstanceUid = jsonValue(s, "0020000D");
    if (!studyInstanceUid) continue;
    const series = (await call("QIDO-RS series", () => client.searchForSeries({ studyInstanceUID: studyInstanceUid, queryParams: { includefield: "0008103E,00201209" }, request: request() }))) ?? [];
    const instancesInDiscern = await db().instance.count({ where: { series: { study: { studyInstanceUid } } } });
    studies.push({
      studyInstanceUid,
      patientId: jsonValue(s, "00100020"),
      patientName: jsonValue(s, "00100010"),
      studyDate: jsonValue(s, "00080020"),
      description: jsonValue(s, "00081030"),
      accession: jsonValue(s, "00080050"),
      modalities: (s["00080061"]?.Value ?? []).map(String).join("\\"),
      instances: count(s, "00201208"),
      instancesInDiscern,
      series: series
        .map((r) => ({ seriesInstanceUid: jsonValue(r, "0020000E"), modality: jsonValue(r, "00080060"), seriesNumber: jsonValue(r, "00200011"), description: jsonValue(r, "0008103E"), instances: count(r, "00201209") }))
        .sort((a, b) => Number(a.seriesNumber || 0) - Number(b.seriesNumber || 0)),
    });
  }
  await recordAudit(db(), { type: "PACS_QUERIED", actorId: options.actorId, payload: { nodeId: node.id, level: "studies", results: studies.length, via: options.via } });
  return studies;
}
