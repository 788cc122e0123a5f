import dcmjs from "dcmjs";
import type { Instance } from "@prisma/client";
import { recordIdentityView } from "../audit/identity-views";
import { AppError } from "../errors/app-error";
import { blobStore } from "../storage";
import { getInstanceFrame } from "../studies/instance-frame";
import { dcmjsToJson, IDENTITY_MASKED_TAGS, maskIdentity, type TJsonDataset } from "./dicom-json";
import { instanceOf, seriesOf, servableStudy, type TServed, type TViewer } from "./servable-study";

/** Which part of a study a WADO-RS request names (PS3.18 10.4.1). */
export interface TWadoTarget {
  studyInstanceUid: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

async function targetInstances(viewer: TViewer, target: TWadoTarget): Promise<{ served: TServed; instances: Array<{ instance: Instance; seriesInstanceUid: string }> }> {
  const served = await servableStudy(viewer, target.studyInstanceUid);
  const series = target.seriesInstanceUid ? [seriesOf(served, target.seriesInstanceUid)] : served.study.series;
  const instances = series.flatMap((s) => (target.sopInstanceUid ? [instanceOf(s, target.sopInstanceUid)] : s.instances).map((instance) => ({ instance, seriesInstanceUid: s.seriesInstanceUid })));
  return { served, instances };
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * WADO-RS metadata (`…/metadata`): every attribute of each stored instance as DICOM JSON, bulk
 * data (Pixel Data, large binary values) as BulkDataURIs under `baseUri`, masked for a viewer who
 * may not identify the patient. Identified views are audited (surface dicomweb).
 */
export async function wadoMetadata(viewer: TViewer, target: TWadoTarget, baseUri: string): Promise<TJsonDataset[]> {
  const { served, instances } = await targetInstances(viewer, target);
  const out: TJsonDataset[] = [];
  for (const { instance, seriesInstanceUid } of instances) {
    const bytes = await blobStore().get(instance.sha256);
    const dict = dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes), { untilTag: "7FE00010", includeUntilTagValue: false }).dict;
    const uri = `${baseUri}/studies/${target.studyInstanceUid}/series/${seriesInstanceUid}/instances/${instance.sopInstanceUid}`;
    const json = dcmjsToJson(dict, (tag) => (tag === "7FE00010" ? `${uri}/frames/${Array.from({ length: instance.frames }, (_, i) => i + 1).join(",")}` : `${uri}/bulk/${tag}`));
    // Pixel Data is never inline: its frames are fetched by number.
    json["7FE00010"] = { vr: instance.bitsAllocated > 8 ? "OW" : "OB", BulkDataURI: `${uri}/frames/${Array.from({ length: instance.frames }, (_, i) => i + 1).join(",")}` };
    out.push(served.identify ? json : maskIdentity(json, served.pseudonym));
  }
  await recordIdentityView(viewer, "dicomweb", [{ id: served.study.id, identified: served.identify }]);
  return out;
}

/**
 * WADO-RS instances (`/studies/{s}[/series/{se}[/instances/{i}]]`): the stored Part 10 files as
 * they were imported (their own transfer syntax), or, for a viewer who may not identify the
 * patient, rewritten with name and ID as the pseudonym and the other identifying attributes empty.
 */
export async function wadoInstances(viewer: TViewer, target: TWadoTarget): Promise<Array<{ bytes: Uint8Array; transferSyntaxUid: string }>> {
  const { served, instances } = await targetInstances(viewer, target);
  const out: Array<{ bytes: Uint8Array; transferSyntaxUid: string }> = [];
  for (const { instance } of instances) {
    const stored = await blobStore().get(instance.sha256);
    out.push({ bytes: served.identify ? stored : maskedFile(stored, served.pseudonym), transferSyntaxUid: instance.transferSyntaxUid });
  }
  await recordIdentityView(viewer, "dicomweb", [{ id: served.study.id, identified: served.identify }]);
  return out;
}

/** A stored file with the identity mask applied (dcmjs read and write; pixel data untouched). */
function maskedFile(bytes: Buffer, pseudonym: string): Uint8Array {
  const dict = dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes));
  const set = dict.dict;
  if (set["00100010"]) set["00100010"] = { vr: "PN", Value: [{ Alphabetic: pseudonym }] };
  if (set["00100020"]) set["00100020"] = { vr: "LO", Value: [pseudonym] };
  for (const tag of IDENTITY_MASKED_TAGS) {
    const current = set[tag];
    if (current) set[tag] = { vr: current.vr, Value: [] };
  }
  return new Uint8Array(dict.write());
}

/**
 * WADO-RS frames (`…/instances/{i}/frames/{list}`, 1-based): each frame's pixel values
 * uncompressed, little endian, Bits Allocated as stored (8 or 16), one part per frame
 * (application/octet-stream, explicit VR little endian semantics). Decoding goes through the
 * frame service (lib/studies/instance-frame: codecs, limits, cache). Monochrome only;
 * NOT_FOUND for a frame number outside 1..frames.
 */
export async function wadoFrames(viewer: TViewer, target: Required<TWadoTarget>, frameNumbers: number[]): Promise<Uint8Array[]> {
  const { instances } = await targetInstances(viewer, target);
  const instance = instances[0]!.instance;
  const out: Uint8Array[] = [];
  for (const n of frameNumbers) {
    if (!Number.isInteger(n) || n < 1 || n > instance.frames) throw new AppError("NOT_FOUND", { userMessage: `Frame ${n} does not exist (the instance has ${instance.frames}).` });
    const frame = await getInstanceFrame({ sopInstanceUid: instance.sopInstanceUid, frame: n - 1, request: { format: "raw" } });
    out.push(instance.bitsAllocated <= 8 ? Uint8Array.from(new Uint16Array(frame.body.buffer.slice(frame.body.byteOffset, frame.body.byteOffset + frame.body.byteLength) as ArrayBuffer)) : frame.body);
  }
  return out;
}
