import dcmjs, { type DenaturalDataset } from "dcmjs";
import { redecodeSequenceText } from "./charset-text";
import { IDEOGRAPHIC, type IdentifierSet, normalize, stringValues } from "./identifiers";

/** One thing the scan found; `where` names the attribute path, never the value found. */
export interface DeidFinding {
  where: string;
  kind: "identifier" | "uid" | "private" | "overlay" | "not-marked" | "unreadable";
}

/** Text VRs whose values are searched for identifiers (numbers, codes and binary are not text). */
const TEXT_VRS = new Set(["PN", "LO", "SH", "LT", "ST", "UT", "UC", "AE", "DA", "DT", "TM", "UR", "AS"]);
/** Attributes written by the de-identifier itself. */
const OWN_TAGS = new Set(["00120062", "00120063", "00120064", "00280303"]);
const UID_RUN = /\d+(?:\.\d+){3,}/g;

/**
 * The verification pass over one written file: parses it again (dcmjs, with the Part 10 meta) and
 * walks every element, every sequence item, at any depth, looking for (a) any original identifier
 * string in any text value, (b) any original UID as a UID value or inside text, (c) a private
 * attribute, (d) overlay or curve data, (e) a missing Patient Identity Removed = YES. Returns the
 * findings; an empty list means the file passed.
 */
export function verifyDeidentified(bytes: Uint8Array, identifiers: IdentifierSet): DeidFinding[] {
  let dict;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    dict = dcmjs.data.DicomMessage.readFile(buffer);
  } catch {
    return [{ where: "file", kind: "unreadable" }];
  }
  // Text is searched as it means: sequence items decoded by the written Specific Character Set.
  redecodeSequenceText(dict.dict, stringValues(dict.dict["00080005"]?.Value)[0] ?? "ISO_IR 192");
  const findings: DeidFinding[] = [];
  const needles = [...identifiers.texts];
  scan(dict.meta, "meta", needles, identifiers, findings);
  scan(dict.dict, "", needles, identifiers, findings);
  const removed = dict.dict["00120062"]?.Value?.[0];
  if (removed !== "YES") findings.push({ where: "(0012,0062)", kind: "not-marked" });
  return findings;
}

function scan(dataset: DenaturalDataset, path: string, needles: string[], ids: IdentifierSet, findings: DeidFinding[]): void {
  for (const [tag, element] of Object.entries(dataset)) {
    const where = `${path}(${tag.slice(0, 4)},${tag.slice(4)})`;
    const group = Number.parseInt(tag.slice(0, 4), 16);
    if (group % 2 === 1) findings.push({ where, kind: "private" });
    if ((group >= 0x6000 && group <= 0x60ff && ["3000", "4000"].includes(tag.slice(4))) || (group >= 0x5000 && group <= 0x50ff)) {
      findings.push({ where, kind: "overlay" });
    }
    if (OWN_TAGS.has(tag.toUpperCase())) continue;
    if (element.vr === "SQ") {
      (element.Value ?? []).forEach((item, i) => {
        if (item && typeof item === "object") scan(item as DenaturalDataset, `${where}[${i}]`, needles, ids, findings);
      });
      continue;
    }
    if (element.vr === "UI") {
      for (const v of stringValues(element.Value)) if (ids.uids.has(v.replace(/[\0 ]+$/, "").trim())) findings.push({ where, kind: "uid" });
      continue;
    }
    if (!TEXT_VRS.has(element.vr)) continue;
    for (const value of stringValues(element.Value)) {
      const text = normalize(value.replace(/\^/g, " "));
      if (text === "") continue;
      for (const run of value.match(UID_RUN) ?? []) if (ids.uids.has(run)) findings.push({ where, kind: "uid" });
      if (containsIdentifier(text, needles)) findings.push({ where, kind: "identifier" });
    }
  }
}

/**
 * Long needles and ideographic ones (Han, kana, Hangul: no spaces between words) match as
 * substrings; short ones (2–3 characters) only as whole words of letters and digits of any script.
 */
export function containsIdentifier(text: string, needles: string[]): boolean {
  let tokens: Set<string> | undefined;
  for (const needle of needles) {
    if (needle.length >= 4 || IDEOGRAPHIC.test(needle)) {
      if (text.includes(needle)) return true;
    } else {
      tokens ??= new Set(text.split(/[^\p{L}\p{N}]+/u).filter(Boolean));
      if (tokens.has(needle)) return true;
    }
  }
  return false;
}
