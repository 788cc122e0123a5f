/**
 * DICOM JSON (PS3.18 F.2) helpers for discern's own DICOMweb service: building attributes,
 * turning a dcmjs data set into DICOM JSON, and the identity mask of viewers who may not
 * identify the patient (lib/auth/identity-visibility.ts). Pure functions.
 */
export type TJsonAttr = { vr: string; Value?: unknown[]; BulkDataURI?: string; InlineBinary?: string };
export type TJsonDataset = Record<string, TJsonAttr>;

/** One attribute; an empty, null or undefined value is written present and empty (Type 2). */
export function attr(vr: string, value: unknown): TJsonAttr {
  if (value === null || value === undefined || value === "") return { vr };
  if (vr === "PN") return { vr, Value: [{ Alphabetic: String(value) }] };
  if (["IS", "US", "UL", "SS", "SL", "FL", "FD", "DS"].includes(vr)) return { vr, Value: [Number(value)] };
  return { vr, Value: [value] };
}

/**
 * Patient and encounter attributes (a subset of PS3.15 Table E.1-1) that a viewer who may not
 * identify the patient never receives: name and ID become the study's pseudonym, the rest is
 * emptied. UIDs stay (they are how DICOMweb addresses the study), as in discern's own viewer.
 */
const MASKED_TAGS = [
  "00100030", "00100032", "00101000", "00101001", "00101002", "00101005", "00101040", "00101060", "00101090", "00102154", "00102160", "00104000",
  "00080050", "00080080", "00080081", "00080090", "00080092", "00080094", "00081048", "00081050", "00081060", "00081070", "00200010", "00321032", "00380010", "00380500", "00401001",
] as const;

/** The masked tags (8-hex) for callers that rewrite binary files the same way. */
export const IDENTITY_MASKED_TAGS: readonly string[] = MASKED_TAGS;

/** Replaces name and ID with the pseudonym and empties the other identifying attributes, in place. */
export function maskIdentity(dataset: TJsonDataset, pseudonym: string): TJsonDataset {
  if (dataset["00100010"]) dataset["00100010"] = attr("PN", pseudonym);
  if (dataset["00100020"]) dataset["00100020"] = attr("LO", pseudonym);
  for (const tag of MASKED_TAGS) {
    const current = dataset[tag];
    if (current) dataset[tag] = { vr: current.vr };
  }
  return dataset;
}

const BINARY_VRS = new Set(["OB", "OW", "OD", "OF", "OL", "OV", "UN"]);

/**
 * A dcmjs denaturalized data set (its `dict`: "ggggeeee" → { vr, Value }) as DICOM JSON: binary
 * values become InlineBinary (base64) when small, else a BulkDataURI from `bulkUri(tag)`; sequences
 * are converted item by item. dcmjs already writes PN as { Alphabetic } objects.
 */
export function dcmjsToJson(dict: Record<string, { vr: string; Value?: unknown[] }>, bulkUri: (tag: string) => string): TJsonDataset {
  const out: TJsonDataset = {};
  for (const [tag, element] of Object.entries(dict)) {
    const vr = element.vr;
    // dcmjs keeps some values bare (a single ArrayBuffer) rather than in an array.
    const raw: unknown = element.Value;
    const values: unknown[] = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
    if (BINARY_VRS.has(vr)) {
      const bytes = values.reduce<number>((n, v) => n + (v instanceof ArrayBuffer ? v.byteLength : 0), 0);
      if (tag === "7FE00010" || bytes > 1024) out[tag] = { vr, BulkDataURI: bulkUri(tag) };
      else out[tag] = { vr, InlineBinary: Buffer.concat(values.filter((v): v is ArrayBuffer => v instanceof ArrayBuffer).map((v) => Buffer.from(v))).toString("base64") };
    } else if (vr === "SQ") {
      out[tag] = { vr, Value: values.map((item) => dcmjsToJson(item as Record<string, { vr: string; Value?: unknown[] }>, bulkUri)) };
    } else {
      const kept = values.filter((v) => v !== undefined && v !== null && v !== "");
      out[tag] = kept.length > 0 ? { vr, Value: kept } : { vr };
    }
  }
  return out;
}
