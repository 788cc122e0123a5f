import type { DenaturalDataset } from "dcmjs";
import { profileEntryFor, type TProfileAction } from "./profile-table";
import type { UidMap } from "./uid-map";

/** What happened to the attributes of one data set, by resolved action. */
export type TDeidCounts = Record<"D" | "Z" | "X" | "U" | "K" | "private" | "sequences", number>;

export function emptyCounts(): TDeidCounts {
  return { D: 0, Z: 0, X: 0, U: 0, K: 0, private: 0, sequences: 0 };
}

export function addCounts(into: TDeidCounts, from: TDeidCounts): void {
  for (const key of Object.keys(into) as (keyof TDeidCounts)[]) into[key] += from[key];
}

/** Dummy text written for D; the verification scan never treats it as an identifier. */
export const DUMMY_TEXT = "ANONYMIZED";

/**
 * UID attributes that name a class, a syntax or a coding scheme rather than an instance: kept as
 * they are (the profile lists none of them), even when a vendor's private root is used.
 */
export const CLASS_UID_TAGS = new Set([
  "00020002", "00020010", "00020012", "00080016", "0008001A", "0008001B", "0008010C", "00080117", "00080118",
  "00081150", "00041510", "00041512", "00080062",
]);

export interface DeidentifyDatasetOptions {
  uids: UidMap;
  /** Pseudonym written into Patient ID (D) and Patient Name (Z allows a dummy) at the top level. */
  patientPseudonym: string;
}

/**
 * Applies the Basic Profile (profile-table.ts) in place to a dcmjs denaturalized data set
 * ("ggggeeee" → { vr, Value }) and, recursively, to every item of every sequence it keeps.
 * Working on the tag-keyed form rather than the naturalized one keeps private and unknown
 * attributes addressable by tag (naturalizing renames or drops them) — the profile is a table of tags.
 * Compound actions resolve as follows (MR and SC images; the conservative choice for others):
 * Z/D → Z (Patient ID → D: the pseudonym), X/Z → Z, X/D → X, X/Z/D → Z, X/Z/U* → U (the
 * sequence stays, its UIDs are remapped). Sequences under D become empty: a dummy item could not
 * be consistent with every IOD, and an empty sequence can carry nothing.
 */
export function deidentifyDataset(dataset: DenaturalDataset, options: DeidentifyDatasetOptions, counts: TDeidCounts = emptyCounts(), depth = 0): TDeidCounts {
  for (const tag of Object.keys(dataset)) {
    const element = dataset[tag]!;
    const group = Number.parseInt(tag.slice(0, 4), 16);
    if (group % 2 === 1) {
      delete dataset[tag];
      counts.private += 1;
      continue;
    }
    if (tag.slice(4) === "0000") {
      delete dataset[tag]; // group lengths go stale once attributes change; writers recompute them
      continue;
    }
    if (group >= 0x5000 && group <= 0x50ff) {
      delete dataset[tag]; // (50xx,xxxx) Curve Data: X
      counts.X += 1;
      continue;
    }
    const entry = profileEntryFor(tag);
    const action = entry ? resolveAction(entry.action, tag) : undefined;
    if (action === "X") {
      delete dataset[tag];
      counts.X += 1;
    } else if (action === "Z") {
      if (depth === 0 && tag === "00100010") element.Value = [{ Alphabetic: options.patientPseudonym }];
      else element.Value = [];
      counts.Z += 1;
    } else if (action === "D") {
      element.Value = tag === "00100020" && depth === 0 ? [options.patientPseudonym] : dummyValue(element.vr, options.uids, element.Value);
      counts.D += 1;
    } else if (action === "U") {
      if (element.vr === "SQ") {
        recurse(element.Value, options, counts, depth);
      } else {
        element.Value = (element.Value ?? []).map((v) => (typeof v === "string" ? options.uids.map(v) : v));
      }
      counts.U += 1;
    } else if (element.vr === "SQ") {
      recurse(element.Value, options, counts, depth);
    } else if (element.vr === "UI" && !CLASS_UID_TAGS.has(tag.toUpperCase())) {
      // A UID the table does not list (e.g. Referenced Series' Series Instance UID is listed, a
      // vendor's own reference is not): remapped unless it is under the DICOM root.
      const before = JSON.stringify(element.Value ?? []);
      element.Value = (element.Value ?? []).map((v) => (typeof v === "string" ? options.uids.map(v) : v));
      if (JSON.stringify(element.Value) !== before) counts.U += 1;
    }
  }
  return counts;
}

function recurse(items: unknown[] | undefined, options: DeidentifyDatasetOptions, counts: TDeidCounts, depth: number): void {
  counts.sequences += 1;
  for (const item of items ?? []) {
    if (item && typeof item === "object") deidentifyDataset(item as DenaturalDataset, options, counts, depth + 1);
  }
}

export function resolveAction(action: TProfileAction, tag: string): "D" | "Z" | "X" | "U" | "K" {
  switch (action) {
    case "Z/D":
      return tag === "00100020" ? "D" : "Z";
    case "X/Z":
    case "X/Z/D":
      return "Z";
    case "X/D":
      return "X";
    case "X/Z/U*":
      return "U";
    case "C":
      return "X"; // no cleaning heuristics: a cleaned descriptor could still name someone
    default:
      return action;
  }
}

function dummyValue(vr: string, uids: UidMap, current: unknown[] | undefined): unknown[] {
  switch (vr) {
    case "PN":
      return [{ Alphabetic: DUMMY_TEXT }];
    case "LO":
    case "SH":
    case "LT":
    case "ST":
    case "UT":
    case "UC":
    case "CS":
    case "AE":
      return [DUMMY_TEXT];
    case "DA":
      return ["20000101"];
    case "TM":
      return ["000000"];
    case "DT":
      return ["20000101000000"];
    case "AS":
      return ["000D"];
    case "IS":
    case "DS":
    case "US":
    case "SS":
    case "UL":
    case "SL":
    case "FL":
    case "FD":
      return [0];
    case "UI":
      return (current ?? []).map((v) => (typeof v === "string" ? uids.map(v) : v));
    default:
      return []; // SQ, binary and URI values: nothing identifying can be left in an empty value
  }
}
