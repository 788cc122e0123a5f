import type { DenaturalDataset } from "dcmjs";
import { CLASS_UID_TAGS, DUMMY_TEXT } from "./deidentify-dataset";

/**
 * The identifying strings of one original data set that must not survive de-identification:
 * patient name (whole and by component), IDs, birth date, accession number, institution, the
 * people named in it, and device serial numbers. Kept in memory only; never logged.
 */
export interface IdentifierSet {
  /** Upper-cased phrases searched as substrings (length ≥ 4) or whole tokens (2–3 characters). */
  texts: Set<string>;
  /** Original UIDs, matched exactly (as whole values or as UID-shaped runs inside text). */
  uids: Set<string>;
}

export function emptyIdentifiers(): IdentifierSet {
  return { texts: new Set(), uids: new Set() };
}

const IDENTIFYING_TAGS = [
  "00100010", // Patient's Name
  "00100020", // Patient ID
  "00101000", // Other Patient IDs
  "00101001", // Other Patient Names
  "00101005", // Patient's Birth Name
  "00101060", // Patient's Mother's Birth Name
  "00100030", // Patient's Birth Date
  "00080050", // Accession Number
  "00080080", // Institution Name
  "00080081", // Institution Address
  "00081040", // Institutional Department Name
  "00080090", // Referring Physician's Name
  "00081050", // Performing Physician's Name
  "00081060", // Name of Physician(s) Reading Study
  "00081070", // Operators' Name
  "00081048", // Physician(s) of Record
  "00101040", // Patient's Address
  "00102154", // Patient's Telephone Numbers
  "00181000", // Device Serial Number
  "00081010", // Station Name
];

/** Values that carry no identity however often they appear (placeholders and our own dummies). */
const NOT_IDENTIFYING = new Set([DUMMY_TEXT, "ANONYMOUS", "ANONYMOUS^", "UNKNOWN", "NONE", "N/A", "NA", "TEST"]);

/** Adds the identifiers of `dataset` (top level and nested sequences) to `into`. */
export function collectIdentifiers(dataset: DenaturalDataset, into: IdentifierSet): IdentifierSet {
  for (const [tag, element] of Object.entries(dataset)) {
    if (element.vr === "SQ") {
      for (const item of element.Value ?? []) if (item && typeof item === "object") collectIdentifiers(item as DenaturalDataset, into);
      continue;
    }
    if (element.vr === "UI") {
      if (CLASS_UID_TAGS.has(tag.toUpperCase())) continue;
      for (const v of element.Value ?? []) if (typeof v === "string" && v.trim() && !v.startsWith("1.2.840.10008.")) into.uids.add(v.replace(/[\0 ]+$/, "").trim());
      continue;
    }
    if (!IDENTIFYING_TAGS.includes(tag.toUpperCase())) continue;
    for (const text of stringValues(element.Value)) addText(into, text, element.vr === "PN");
  }
  return into;
}

function addText(into: IdentifierSet, raw: string, isName: boolean): void {
  for (const line of raw.split(/[\r\n]+/)) {
    addNeedle(into, normalize(line.replace(/\^/g, " ")));
    if (isName) for (const part of line.split(/[\^=]/)) addNeedle(into, normalize(part));
  }
}

/** Han, kana and Hangul: scripts where two characters make a name (王小明's given name 小明). */
export const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Needles shorter than 3 characters, or with fewer than 3 distinct letters and digits ("----",
 * "000000000"), are placeholders that would match anywhere; they are not searched for. Letters
 * are letters of any script; in ideographic scripts two characters suffice.
 */
function addNeedle(into: IdentifierSet, needle: string): void {
  if (NOT_IDENTIFYING.has(needle)) return;
  const distinct = new Set(needle.replace(/[^\p{L}\p{N}]/gu, "")).size;
  const ideographic = IDEOGRAPHIC.test(needle);
  if (ideographic ? distinct < 2 : needle.length < 3 || distinct < 3) return;
  into.texts.add(needle);
}

/**
 * Drops needles that the original's own equipment description contains (Manufacturer, Model
 * Name): the profile keeps those attributes, and an institution called "TOSHIBA" inside a
 * manufacturer "TOSHIBA_MEC" is not an identifier the de-identifier could or should remove.
 */
export function exemptEquipmentNames(dataset: DenaturalDataset, ids: IdentifierSet): void {
  const equipment = ["00080070", "00081090"].flatMap((tag) => stringValues(dataset[tag]?.Value)).map(normalize);
  for (const needle of [...ids.texts]) if (equipment.some((e) => e.includes(needle))) ids.texts.delete(needle);
}

export function normalize(text: string): string {
  return text.replace(/[\u0000-\u001f]/g, " ").replace(/\s+/g, " ").trim().toUpperCase();
}

/** Every string inside a dcmjs value array (PN objects give each of their representations). */
export function stringValues(values: unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    if (typeof v === "string") out.push(v);
    else if (v && typeof v === "object" && !(v instanceof ArrayBuffer) && !ArrayBuffer.isView(v)) {
      for (const part of Object.values(v as Record<string, unknown>)) if (typeof part === "string") out.push(part);
    }
  }
  return out;
}
