import dcmjs, { type DenaturalDataset } from "dcmjs";
import type { DataSet } from "dicom-parser";
import { AppError } from "../errors/app-error";
import { deidentifyDataset, emptyCounts, type TDeidCounts } from "./deidentify-dataset";
import { collectIdentifiers, emptyIdentifiers, exemptEquipmentNames, type IdentifierSet } from "./identifiers";
import { encodingOf, redecodeSequenceText } from "./charset-text";
import { prepareForDcmjs } from "./prepare-for-dcmjs";
import type { UidMap } from "./uid-map";

/** Implementation Class UID written into the meta of de-identified files (fixed UUID under 2.25). */
export const DEID_IMPLEMENTATION_CLASS_UID = "2.25.180472239475262310596236470372651412657";
const PIXEL_DATA = "7FE00010";
const DEFLATED = "1.2.840.10008.1.2.1.99";
const EXPLICIT_VR_LE = "1.2.840.10008.1.2.1";
const IMPLICIT_VR_LE = "1.2.840.10008.1.2";
export const DEID_METHOD = "DICOM PS3.15 E.1 Basic Profile (2024b), discern";

// dcmjs logs every odd VR and element to the console; the summary says what matters.
dcmjs.log.setLevel("silent");
dcmjs.log.getLogger("validation.dcmjs").setLevel("silent");

export interface DeidentifiedFile {
  bytes: Uint8Array;
  counts: TDeidCounts;
  /** Identifiers of the original, for the verification pass; in memory only. */
  identifiers: IdentifierSet;
  /** Patient key (ID and issuer) of the original, for the server-side pseudonym table. */
  patientKey: string;
  pseudonym: string;
  studyInstanceUid: { original: string; pseudonym: string };
  seriesInstanceUid: { original: string; pseudonym: string };
  sopInstanceUid: { original: string; pseudonym: string };
  /** Non-fatal notes (e.g. a secondary capture without Burned In Annotation). */
  warnings: string[];
}

export interface DeidentifyFileOptions {
  uids: UidMap;
  /** Burned In Annotation = YES: refuse the file (default) or de-identify it and warn. */
  burnedIn?: "refuse" | "flag";
}

/**
 * De-identifies one DICOM file (Part 10, or a raw data set given a Part 10 header by
 * prepareForDcmjs) with the Basic Profile: reads it with dcmjs
 * (`DicomMessage.readFile`), applies the profile to the tag-keyed data set, marks it (Patient
 * Identity Removed = YES, De-identification Method and its code sequence, DCM 113100), writes it
 * again with `DicomDict` in its own transfer syntax (pixel data untouched) with a fresh meta.
 * Throws AppError INVALID_DICOM for an unreadable file and UNSUPPORTED_DICOM for burned-in text.
 */
export function deidentifyFile(input: Uint8Array, options: DeidentifyFileOptions): DeidentifiedFile {
  // dcmjs trusts declared lengths; the hardened parser (size, nesting, inflate limits) sees the
  // file first, so that a hostile file is refused before dcmjs allocates for it.
  // Files dcmjs cannot read as they are (no Part 10 header; private sequences of undefined length)
  // are given a header and lose their top-level private elements first (the profile removes them).
  const prepared = prepareForDcmjs(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  const checked = prepared.checked;
  const charset = checked.dataSet.string("x00080005");
  if (charset && (charset.includes("\\") || encodingOf(charset) === undefined)) {
    // ISO 2022 code extensions (several values) or a set without a decoder: text cannot be
    // transcoded with certainty, and a wrong transcoding would also blind the verification.
    throw new AppError("UNSUPPORTED_DICOM", { userMessage: `The file's Specific Character Set (${charset.replace(/[^\x20-\x7e]/g, "?").slice(0, 64)}) cannot be transcoded with certainty; it is not de-identified.` });
  }
  let dicom;
  try {
    const source = prepared.bytes;
    const buffer = source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) as ArrayBuffer;
    // dcmjs stops at the pixel data: it is copied byte for byte below, never decoded or re-encoded.
    dicom = dcmjs.data.DicomMessage.readFile(buffer, { untilTag: PIXEL_DATA, includeUntilTagValue: false });
  } catch (error) {
    throw new AppError("INVALID_DICOM", { userMessage: "The file is not a readable DICOM Part 10 file.", cause: error });
  }
  delete dicom.dict[PIXEL_DATA];
  // dcmjs decodes sequence items as latin1 whatever the character set: decode them as the file says.
  redecodeSequenceText(dicom.dict, checked.dataSet.string("x00080005"));
  if (!isWritable(dicom.dict)) {
    // dcmjs turns an element with an unknown VR into UN, which it then cannot always write;
    // such a file is reported rather than risked.
    throw new AppError("UNSUPPORTED_DICOM", { userMessage: "The file has an element with an invalid VR; it cannot be de-identified safely." });
  }
  const ds = dicom.dict;
  const text = (tag: string) => {
    const v = ds[tag]?.Value?.[0];
    return typeof v === "string" ? v.trim() : "";
  };
  const warnings: string[] = [];
  const metaClass = dicom.meta["00020002"]?.Value?.[0];
  const sopClassUid = text("00080016") || (typeof metaClass === "string" ? metaClass.trim() : "");
  const sopInstanceUid = text("00080018");
  if (!sopInstanceUid || !sopClassUid) throw new AppError("INVALID_DICOM", { userMessage: "The file has no SOP Class or SOP Instance UID." });
  const burnedIn = text("00280301").toUpperCase();
  if (burnedIn === "YES") {
    if ((options.burnedIn ?? "refuse") === "refuse") {
      throw new AppError("UNSUPPORTED_DICOM", { userMessage: "The image has Burned In Annotation = YES: text in its pixels cannot be removed by this profile." });
    }
    warnings.push("Burned In Annotation = YES: identifying text may remain in the pixels.");
  } else if (burnedIn === "" && (sopClassUid.startsWith("1.2.840.10008.5.1.4.1.1.7") || sopClassUid.startsWith("1.2.840.10008.5.1.4.1.1.6"))) {
    warnings.push("Secondary capture or ultrasound without Burned In Annotation: check the pixels for text.");
  }

  const identifiers = collectIdentifiers(ds, emptyIdentifiers());
  collectIdentifiers(dicom.meta, identifiers);
  exemptEquipmentNames(ds, identifiers);
  const patientKey = JSON.stringify([text("00100020"), text("00100021")]);
  const pseudonym = options.uids.pseudonym("patient", patientKey);
  const studyUid = text("0020000D");
  const seriesUid = text("0020000E");
  const counts = deidentifyDataset(ds, { uids: options.uids, patientPseudonym: pseudonym }, emptyCounts());
  counts.private += prepared.privateRemoved;
  // dcmjs writes every string as UTF-8: the output says so (ISO_IR 192), inside sequences too.
  ds["00080005"] = { vr: "CS", Value: ["ISO_IR 192"] };
  if (!ds["00100020"]) ds["00100020"] = { vr: "LO", Value: [pseudonym] };
  if (!ds["00100010"]) ds["00100010"] = { vr: "PN", Value: [{ Alphabetic: pseudonym }] };
  ds["00120062"] = { vr: "CS", Value: ["YES"] };
  ds["00120063"] = { vr: "LO", Value: [DEID_METHOD] };
  ds["00120064"] = {
    vr: "SQ",
    Value: [{ "00080100": { vr: "SH", Value: ["113100"] }, "00080102": { vr: "SH", Value: ["DCM"] }, "00080104": { vr: "LO", Value: ["Basic Application Confidentiality Profile"] } }],
  };
  ds["00280303"] = { vr: "CS", Value: ["REMOVED"] };

  const sourceSyntax = checked.transferSyntaxUid;
  // A deflated data set is written inflated (explicit VR little endian): deflate only wraps the bytes.
  const transferSyntaxUid = sourceSyntax === DEFLATED ? EXPLICIT_VR_LE : sourceSyntax;
  const newSop = String(ds["00080018"]?.Value?.[0] ?? "");
  const meta: DenaturalDataset = {
    "00020001": { vr: "OB", Value: [new Uint8Array([0, 1]).buffer] },
    "00020002": { vr: "UI", Value: [sopClassUid] },
    "00020003": { vr: "UI", Value: [newSop] },
    "00020010": { vr: "UI", Value: [transferSyntaxUid] },
    "00020012": { vr: "UI", Value: [DEID_IMPLEMENTATION_CLASS_UID] },
    "00020013": { vr: "SH", Value: ["DISCERN_DEID_1"] },
  };
  const out = new dcmjs.data.DicomDict(meta);
  out.dict = sortedDataset(ds);
  let bytes: Uint8Array;
  try {
    const head = new Uint8Array(out.write());
    const pixels = rawPixelElement(checked.dataSet, sourceSyntax);
    bytes = pixels ? Buffer.concat([head, pixels]) : head;
  } catch (error) {
    throw new AppError("UNSUPPORTED_DICOM", { userMessage: "The de-identified file could not be written (unsupported encoding).", cause: error });
  }
  return {
    bytes,
    counts,
    identifiers,
    patientKey,
    pseudonym,
    studyInstanceUid: { original: studyUid, pseudonym: options.uids.map(studyUid) },
    seriesInstanceUid: { original: seriesUid, pseudonym: options.uids.map(seriesUid) },
    sopInstanceUid: { original: sopInstanceUid, pseudonym: newSop },
    warnings,
  };
}

/**
 * The original (7FE0,0010) element, header and value, as it lies in the (inflated) data set:
 * explicit VR OB/OW headers are 12 bytes (tag, VR, reserved, 32-bit length), implicit ones 8. An
 * encapsulated value runs through its sequence delimiter (dicom-parser's element length includes it).
 */
function rawPixelElement(dataSet: DataSet, transferSyntaxUid: string): Uint8Array | undefined {
  const element = dataSet.elements.x7fe00010;
  if (!element) return undefined;
  const headerBytes = transferSyntaxUid === IMPLICIT_VR_LE ? 8 : 12;
  const start = element.dataOffset - headerBytes;
  const bytes = dataSet.byteArray;
  if (start < 0) throw new Error("pixel data header outside the data set");
  if (!element.hadUndefinedLength) {
    const end = element.dataOffset + element.length;
    if (end > bytes.length) throw new Error("pixel data outside the data set");
    return bytes.subarray(start, end);
  }
  // Encapsulated: through the Sequence Delimitation Item; a file that ends without one gets it added.
  const declaredEnd = element.dataOffset + element.length;
  const end = Number.isFinite(declaredEnd) && declaredEnd <= bytes.length ? declaredEnd : bytes.length;
  const value = bytes.subarray(start, end);
  const tail = value.subarray(value.length - 8);
  const delimited = tail.length === 8 && tail[0] === 0xfe && tail[1] === 0xff && tail[2] === 0xdd && tail[3] === 0xe0;
  return delimited ? value : Buffer.concat([value, SEQUENCE_DELIMITER]);
}

const SEQUENCE_DELIMITER = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);

const VRS = new Set("AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV".split(" "));

function isWritable(dataset: DenaturalDataset, nested = false): boolean {
  for (const element of Object.values(dataset)) {
    if (!VRS.has(element.vr)) return false;
    // dcmjs 0.51 never returns from writing a UN element inside a sequence item (seen on
    // pydicom's rtdose_rle.dcm, whose item has a blank VR).
    if (nested && element.vr === "UN") return false;
    for (const value of element.Value ?? []) {
      if (element.vr === "SQ") {
        if (!value || typeof value !== "object" || !isWritable(value as DenaturalDataset, true)) return false;
      } else if (element.vr === "PN") {
        if (typeof value !== "string" && (typeof value !== "object" || value === null)) return false;
      } else if (value !== null && typeof value === "object" && !(value instanceof ArrayBuffer) && !ArrayBuffer.isView(value)) {
        return false;
      }
    }
  }
  return true;
}

function sortedDataset(ds: DenaturalDataset): DenaturalDataset {
  const out: DenaturalDataset = {};
  for (const key of Object.keys(ds).sort()) out[key] = ds[key]!;
  return out;
}
