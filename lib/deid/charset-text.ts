import type { DenaturalDataset } from "dcmjs";

/**
 * Text of sequence items as it means in the data set's Specific Character Set. dcmjs (0.51)
 * decodes top-level text with the declared character set but reads every sequence item with a
 * fresh stream that decodes as latin1; written back as UTF-8, GB18030 or UTF-8 text inside a kept
 * sequence came out as mojibake. These helpers undo that: the latin1 string gives the bytes back
 * one for one, which are then decoded with the right character set (PS3.5 6.1, Table 6.1-1/6.2-1).
 */

/** Text VRs whose values depend on Specific Character Set (PS3.5 6.1.2.3). */
const CHARSET_VRS = new Set(["SH", "LO", "ST", "LT", "UT", "UC", "PN"]);

/** Specific Character Set defined terms → WHATWG encoding labels (TextDecoder). */
const ENCODINGS: Record<string, string> = {
  "": "latin1",
  "ISO_IR 6": "latin1",
  "ISO_IR 100": "latin1",
  "ISO 2022 IR 100": "latin1",
  "ISO_IR 101": "iso-8859-2",
  "ISO_IR 109": "iso-8859-3",
  "ISO_IR 110": "iso-8859-4",
  "ISO_IR 144": "iso-8859-5",
  "ISO_IR 127": "iso-8859-6",
  "ISO_IR 126": "iso-8859-7",
  "ISO_IR 138": "iso-8859-8",
  "ISO_IR 148": "iso-8859-9",
  "ISO_IR 203": "iso-8859-15",
  "ISO_IR 13": "shift_jis",
  "ISO_IR 166": "windows-874",
  "ISO_IR 192": "utf-8",
  GB18030: "gb18030",
  GBK: "gbk",
};

/** windows-1252 code points of bytes 0x80–0x9F (where a decoder named "latin1" may use that table). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];
const FROM_CP1252 = new Map(CP1252_HIGH.map((code, k) => [code, 0x80 + k]));

/** The bytes a latin1 (or windows-1252) decoder read `text` from; undefined if it cannot have. */
export function latin1Bytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    const byte = code <= 0xff ? code : FROM_CP1252.get(code);
    if (byte === undefined) return undefined;
    out[k] = byte;
  }
  return out;
}

/** The WHATWG label for the first value of Specific Character Set, or undefined when unsupported. */
export function encodingOf(specificCharacterSet: string | undefined): string | undefined {
  return NORMALISED.get(canonical((specificCharacterSet ?? "").split("\\")[0]!));
}

/** "ISO_IR 100", "ISO-IR 100", "iso_ir100" → "ISO IR 100": the spellings exports use for one term. */
function canonical(term: string): string {
  return term.trim().toUpperCase().replace(/[-_ ]+/g, " ").replace(/^ISO IR(\d)/, "ISO IR $1");
}

const NORMALISED = new Map(Object.entries(ENCODINGS).map(([term, label]) => [canonical(term), label]));

/** Decodes bytes per a WHATWG label; latin1 is decoded byte by byte (ISO 8859-1 proper). */
export function decodeText(bytes: Uint8Array, encoding: string): string {
  if (encoding === "latin1") return String.fromCharCode(...bytes);
  return new TextDecoder(encoding).decode(bytes);
}

/** Trailing spaces (the even-length padding) carry no meaning in these VRs (PS3.5 Table 6.2-1). */
function redecode(value: string, encoding: string): string {
  if (!/[\u0080-\uffff]/.test(value)) return value; // ASCII reads the same in every set DICOM allows
  const bytes = latin1Bytes(value);
  return bytes ? decodeText(bytes, encoding).replace(/ +$/, "") : value;
}

/**
 * Re-decodes, in place, the text of every sequence item (any depth) of a data set read by dcmjs,
 * with the data set's Specific Character Set. Top-level values, which dcmjs decoded right, are
 * left alone, and so are the values of an item that declares its own (0008,0005) (dcmjs decodes
 * that item with it).
 *
 * @param specificCharacterSet the original (0008,0005) value, e.g. "GB18030" (dcmjs rewrites
 *   the element to "ISO_IR 192" when it reads, so the caller passes what the file said).
 */
export function redecodeSequenceText(dataset: DenaturalDataset, specificCharacterSet: string | undefined, nested = false): void {
  const encoding = encodingOf(specificCharacterSet) ?? "latin1";
  const decodedByDcmjs = nested && dataset["00080005"] !== undefined;
  for (const element of Object.values(dataset)) {
    if (element.vr === "SQ") {
      for (const item of element.Value ?? []) if (item && typeof item === "object") redecodeSequenceText(item as DenaturalDataset, specificCharacterSet, true);
      continue;
    }
    if (!nested || decodedByDcmjs || !CHARSET_VRS.has(element.vr) || !element.Value) continue;
    element.Value = element.Value.map((v) => {
      if (typeof v === "string") return redecode(v, encoding);
      if (v && typeof v === "object" && element.vr === "PN") {
        return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, part]) => [k, typeof part === "string" ? redecode(part, encoding) : part]));
      }
      return v;
    });
  }
}
