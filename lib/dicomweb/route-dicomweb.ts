import { AppError } from "../errors/app-error";
import { dicomJson, multipartRelated } from "./multipart";
import { qidoInstances, qidoSeries, qidoStudies, type TQidoStudyQuery } from "./qido";
import type { TViewer } from "./servable-study";
import { wadoFrames, wadoInstances, wadoMetadata } from "./wado";

const UID = /^[0-9]+(\.[0-9]+)*$/;

/**
 * discern's read-only DICOMweb service (PS3.18): dispatches the path under /dicomweb to QIDO-RS
 * (studies, series, instances) and WADO-RS (study / series / instance retrieval, metadata,
 * frames) for a viewer who holds study:read. Path shapes it answers:
 *   studies | studies/{st}[/metadata] | studies/{st}/series[/{se}[/metadata]] |
 *   studies/{st}[/series/{se}]/instances[/{sop}[/metadata | /frames/{n,m}]]
 * NOT_FOUND for any other path or unknown UID; INVALID_INPUT for a malformed UID.
 */
export async function serveDicomweb(viewer: TViewer, segments: string[], search: URLSearchParams, baseUri: string): Promise<Response> {
  const [root, study, a, b, c, d, e, f] = segments;
  if (root !== "studies") throw notFound();
  for (const uid of [study, a === "series" ? b : undefined, a === "instances" ? b : undefined, c === "instances" ? d : undefined]) {
    if (uid !== undefined && !UID.test(uid)) throw new AppError("INVALID_INPUT", { userMessage: "A UID in the path is not a DICOM UID." });
  }
  if (!study) return dicomJson(await qidoStudies(viewer, studyQuery(search)));
  if (a === undefined) return retrieve(viewer, { studyInstanceUid: study });
  if (a === "metadata" && !b) return dicomJson(await wadoMetadata(viewer, { studyInstanceUid: study }, baseUri));
  if (a === "instances" && !b) return dicomJson(await qidoInstances(viewer, study));
  if (a === "series") {
    if (!b) return dicomJson(await qidoSeries(viewer, study));
    const target = { studyInstanceUid: study, seriesInstanceUid: b };
    if (c === undefined) return retrieve(viewer, target);
    if (c === "metadata" && !d) return dicomJson(await wadoMetadata(viewer, target, baseUri));
    if (c === "instances") {
      if (!d) return dicomJson(await qidoInstances(viewer, study, b));
      const one = { ...target, sopInstanceUid: d };
      if (e === undefined) return retrieve(viewer, one);
      if (e === "metadata" && !f) return dicomJson(await wadoMetadata(viewer, one, baseUri));
      if (e === "frames" && f && segments.length === 8) {
        const numbers = f.split(",").map((n) => Number(n));
        if (numbers.length > 1000 || numbers.some((n) => !Number.isInteger(n))) throw new AppError("INVALID_INPUT", { userMessage: "Frames are given as 1-based numbers separated by commas." });
        const frames = await wadoFrames(viewer, one, numbers);
        return multipartRelated(frames.map((bytes) => ({ bytes, contentType: "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1" })), "application/octet-stream");
      }
    }
  }
  throw notFound();
}

async function retrieve(viewer: TViewer, target: Parameters<typeof wadoInstances>[1]): Promise<Response> {
  const files = await wadoInstances(viewer, target);
  return multipartRelated(files.map((f) => ({ bytes: f.bytes, contentType: `application/dicom; transfer-syntax=${f.transferSyntaxUid}` })), "application/dicom");
}

function studyQuery(search: URLSearchParams): TQidoStudyQuery {
  const text = (k: string) => search.get(k)?.slice(0, 200) || undefined;
  const int = (k: string) => (search.get(k) && /^\d{1,6}$/.test(search.get(k)!) ? Number(search.get(k)) : undefined);
  return { StudyInstanceUID: text("StudyInstanceUID") ?? text("0020000D"), PatientID: text("PatientID") ?? text("00100020"), PatientName: text("PatientName") ?? text("00100010"), StudyDate: text("StudyDate") ?? text("00080020"), ModalitiesInStudy: text("ModalitiesInStudy") ?? text("00080061"), limit: int("limit"), offset: int("offset") };
}

function notFound(): AppError {
  return new AppError("NOT_FOUND", { userMessage: "discern's DICOMweb service has no such resource (read-only QIDO-RS and WADO-RS under /dicomweb/studies)." });
}
