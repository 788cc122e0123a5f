import dcmjs, { type NaturalDataset } from "dcmjs";
import { CODES, DIAGNOSIS_CODES, levelSiteCode, type TCode } from "./codes";
import { reportImpressionOf, type TReportData } from "./report-data";
import { FINDING_CODES, LOCAL_SCHEME_IDENTIFICATION } from "./codes";
import { levelDetailItems } from "./sr-finding-items";
import { reportUid } from "./report-uid";

export const COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
const IMPLEMENTATION_CLASS_UID = "2.25.253590375893196458137469245356155813742";

const code = (c: TCode) => ({ CodeValue: c.value, CodingSchemeDesignator: c.scheme, CodeMeaning: c.meaning });
const item = (relationship: string, valueType: string, concept: TCode, extra: NaturalDataset = {}): NaturalDataset => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ConceptNameCodeSequence: [code(concept)],
  ...extra,
});

/** DICOM DA/TM from a Date, UTC. */
function dicomDateTime(d: Date): { date: string; time: string } {
  const iso = d.toISOString();
  return { date: iso.slice(0, 10).replace(/-/g, ""), time: iso.slice(11, 19).replace(/:/g, "") };
}

/**
 * The signed findings as a DICOM Comprehensive SR following TID 1500 (Measurement Report): the
 * root container (DCM 126000) with language, observer and procedure; an Image Library of the key
 * images; and under Imaging Measurements (DCM 126010) one Measurement Group (TID 1501) per disc
 * level, tracked by the level's name (DCM 112039) and a stable UID (DCM 112040), with the level as
 * Finding Site (SCT 363698007) and the diagnosis as Finding (DCM 121071) — codes in codes.ts.
 * Patient and study attributes are the clinic's (this document stays with the study). Written with
 * dcmjs (naturalized → denaturalized → DicomDict), explicit VR little endian.
 */
export function buildSr(data: TReportData): Uint8Array {
  const signed = dicomDateTime(data.reading.signedAt);
  const seriesUid = reportUid(data.reading.id, "sr-series");
  const sopUid = reportUid(data.reading.id, "sr");
  const keyImages = [...new Set([data.sagittal?.midSopInstanceUid ?? "", ...data.levels.flatMap((l) => l.images.map((i) => i.sopInstanceUid))])].filter(
    (uid) => uid && data.instances[uid],
  );
  const imageItem = (uid: string) =>
    ({
      RelationshipType: "CONTAINS",
      ValueType: "IMAGE",
      ReferencedSOPSequence: [{ ReferencedSOPClassUID: data.instances[uid]!.sopClassUid, ReferencedSOPInstanceUID: uid }],
    }) satisfies NaturalDataset;
  const groups = data.levels
    .filter((l) => l.diagnosis)
    .map((l) =>
      item("CONTAINS", "CONTAINER", CODES.measurementGroup, {
        ContinuityOfContent: "SEPARATE",
        ContentSequence: [
          item("HAS OBS CONTEXT", "TEXT", CODES.trackingIdentifier, { TextValue: l.level }),
          item("HAS OBS CONTEXT", "UIDREF", CODES.trackingUid, { UID: reportUid(data.studyInstanceUid, "level", l.level) }),
          item("HAS CONCEPT MOD", "CODE", CODES.findingSite, { ConceptCodeSequence: [code(levelSiteCode(l.level))] }),
          item("CONTAINS", "CODE", CODES.finding, { ConceptCodeSequence: [code(DIAGNOSIS_CODES[l.diagnosis!])] }),
          ...levelDetailItems(l, data),
        ],
      }),
    );
  const dataset: NaturalDataset = {
    SpecificCharacterSet: "ISO_IR 192",
    SOPClassUID: COMPREHENSIVE_SR,
    SOPInstanceUID: sopUid,
    StudyDate: data.studyDate ?? "",
    StudyTime: data.studyTime ?? "",
    ContentDate: signed.date,
    ContentTime: signed.time,
    AccessionNumber: data.accessionNumber ?? "",
    Modality: "SR",
    Manufacturer: "discern",
    ReferringPhysicianName: "",
    StudyDescription: data.studyDescription ?? "",
    SeriesDescription: "discern lumbar disc report",
    PatientName: data.patient.name ?? "",
    PatientID: data.patient.id,
    PatientBirthDate: data.patient.birthDate ?? "",
    PatientSex: data.patient.sex ?? "",
    StudyInstanceUID: data.studyInstanceUid,
    SeriesInstanceUID: seriesUid,
    StudyID: "",
    SeriesNumber: 9901,
    InstanceNumber: 1,
    ValueType: "CONTAINER",
    ConceptNameCodeSequence: [code(CODES.imagingMeasurementReport)],
    ContinuityOfContent: "SEPARATE",
    ContentTemplateSequence: [{ MappingResource: "DCMR", TemplateIdentifier: "1500" }],
    CompletionFlag: "COMPLETE",
    VerificationFlag: "VERIFIED",
    VerifyingObserverSequence: [
      {
        VerifyingObserverName: data.reading.reader.name,
        VerifyingObserverIdentificationCodeSequence: [],
        VerifyingOrganization: "discern",
        VerificationDateTime: `${signed.date}${signed.time}`,
      },
    ],
    CurrentRequestedProcedureEvidenceSequence: evidence(data, keyImages),
    // Type 2, empty: no MPPS or performed-procedure codes are known here (PS3.3 C.17.1, C.17.2; dciodvfy).
    ReferencedPerformedProcedureStepSequence: [],
    PerformedProcedureCodeSequence: [],
    ContentSequence: [
      item("HAS CONCEPT MOD", "CODE", CODES.languageOfContent, { ConceptCodeSequence: [{ CodeValue: "en-US", CodingSchemeDesignator: "RFC5646", CodeMeaning: "English, United States" }] }),
      item("HAS OBS CONTEXT", "PNAME", CODES.personObserverName, { PersonName: data.reading.reader.name }),
      item("HAS CONCEPT MOD", "CODE", CODES.procedureReported, { ConceptCodeSequence: [code(CODES.mrLumbarSpine)] }),
      item("CONTAINS", "CONTAINER", CODES.imageLibrary, { ContinuityOfContent: "SEPARATE", ContentSequence: keyImages.map(imageItem) }),
      item("CONTAINS", "CONTAINER", CODES.imagingMeasurements, { ContinuityOfContent: "SEPARATE", ContentSequence: groups }),
      item("CONTAINS", "CONTAINER", FINDING_CODES.qualitativeEvaluations, {
        ContinuityOfContent: "SEPARATE",
        ContentSequence: [item("CONTAINS", "TEXT", FINDING_CODES.impression, { TextValue: reportImpressionOf(data) })],
      }),
    ],
    CodingSchemeIdentificationSequence: [LOCAL_SCHEME_IDENTIFICATION],
    _vrMap: {},
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: COMPREHENSIVE_SR,
    MediaStorageSOPInstanceUID: sopUid,
    TransferSyntaxUID: "1.2.840.10008.1.2.1",
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: "DISCERN_SR_1",
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

function evidence(data: TReportData, uids: string[]): NaturalDataset[] {
  const bySeries = new Map<string, string[]>();
  for (const uid of uids) {
    const series = data.instances[uid]!.seriesInstanceUid;
    bySeries.set(series, [...(bySeries.get(series) ?? []), uid]);
  }
  return [
    {
      StudyInstanceUID: data.studyInstanceUid,
      ReferencedSeriesSequence: [...bySeries.entries()].map(([series, sops]) => ({
        SeriesInstanceUID: series,
        ReferencedSOPSequence: sops.map((uid) => ({ ReferencedSOPClassUID: data.instances[uid]!.sopClassUid, ReferencedSOPInstanceUID: uid })),
      })),
    },
  ];
}
