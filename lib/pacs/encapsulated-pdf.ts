import dcmjs, { type NaturalDataset } from "dcmjs";
import { reportUid } from "../report/report-uid";

export const ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1";
const IMPLEMENTATION_CLASS_UID = "2.25.253590375893196458137469245356155813742";

/** Attributes copied from the signed SR (the same patient and study, as the clinic sent them). */
const FROM_SR = ["SpecificCharacterSet", "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID", "StudyDate", "StudyTime", "StudyID", "AccessionNumber", "ReferringPhysicianName", "StudyDescription", "ContentDate", "ContentTime"] as const;

/**
 * The signed PDF report as a DICOM Encapsulated PDF instance (PS3.3 A.45.1: Patient, General
 * Study, Encapsulated Document Series, General Equipment, SC Equipment, Encapsulated Document,
 * SOP Common), in the study of `srBytes` (the reading's stored TID 1500 SR, whose patient and
 * study attributes it copies), in its own series (Modality DOC). UIDs are stable per reading
 * (lib/report reportUid), so pushing again replaces rather than duplicates. The document is padded
 * to even length with one 0x00 (PS3.5 7.1.1); Encapsulated Document Length keeps the true size.
 * Explicit VR little endian, written with dcmjs.
 */
export function buildEncapsulatedPdf(options: { readingId: string; pdf: Uint8Array; srBytes: Uint8Array }): { bytes: Uint8Array; sopInstanceUid: string } {
  const sr = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(toArrayBuffer(options.srBytes)).dict);
  const sopUid = reportUid(options.readingId, "pdf");
  const copied: NaturalDataset = {};
  for (const key of FROM_SR) copied[key] = sr[key] ?? "";
  const padded = new Uint8Array(options.pdf.byteLength + (options.pdf.byteLength % 2));
  padded.set(options.pdf);
  const dataset: NaturalDataset = {
    ...copied,
    SOPClassUID: ENCAPSULATED_PDF,
    SOPInstanceUID: sopUid,
    Modality: "DOC",
    SeriesInstanceUID: reportUid(options.readingId, "pdf-series"),
    SeriesNumber: 9902,
    SeriesDescription: "discern lumbar disc report (PDF)",
    Manufacturer: "discern",
    ConversionType: "WSD",
    InstanceNumber: 1,
    AcquisitionDateTime: `${String(copied.ContentDate)}${String(copied.ContentTime)}`,
    BurnedInAnnotation: "YES",
    DocumentTitle: "Lumbar spine MRI report",
    ConceptNameCodeSequence: [],
    MIMETypeOfEncapsulatedDocument: "application/pdf",
    EncapsulatedDocumentLength: options.pdf.byteLength,
    EncapsulatedDocument: padded.buffer,
    _vrMap: {},
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: ENCAPSULATED_PDF,
    MediaStorageSOPInstanceUID: sopUid,
    TransferSyntaxUID: "1.2.840.10008.1.2.1",
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: "DISCERN_PDF_1",
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return { bytes: new Uint8Array(dict.write()), sopInstanceUid: sopUid };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
