import type { DataSet } from "dicom-parser";
import { parseDicomBytes, type ParsedDicom } from "../dicom/parse-dicom-bytes";
import { IMPLICIT_VR_LE } from "../dicom/transfer-syntax";

/** Explicit VRs whose element header has a 32-bit length after two reserved bytes (PS3.5 7.1.2). */
const DEFLATED = "1.2.840.10008.1.2.1.99";
const LONG_VRS = new Set(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);

export interface PreparedBytes {
  /** Part 10 bytes without top-level private elements, for dcmjs. */
  bytes: Buffer;
  /** The same bytes parsed by the project's parser (offsets match `bytes`). */
  checked: ParsedDicom;
  /** How many top-level private elements were cut (the Basic Profile removes them all). */
  privateRemoved: number;
}

function element(tag: number[], vr: string, value: Buffer): Buffer {
  const head = Buffer.alloc(LONG_VRS.has(vr) ? 12 : 8);
  head.writeUInt16LE(tag[0]!, 0);
  head.writeUInt16LE(tag[1]!, 2);
  head.write(vr, 4, "latin1");
  if (LONG_VRS.has(vr)) head.writeUInt32LE(value.length, 8);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

/** Preamble, DICM and a minimal file meta group (PS3.10 7.1) naming `transferSyntaxUid`. */
function part10Header(transferSyntaxUid: string): Buffer {
  const uid = Buffer.from(transferSyntaxUid.length % 2 ? `${transferSyntaxUid}\0` : transferSyntaxUid, "latin1");
  const body = Buffer.concat([element([2, 1], "OB", Buffer.from([0, 1])), element([2, 0x10], "UI", uid)]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  return Buffer.concat([Buffer.alloc(128), Buffer.from("DICM", "latin1"), element([2, 0], "UL", length), body]);
}

/** [start, end) byte ranges of the top-level private elements (odd groups) of a parsed data set. */
function privateRanges(dataSet: DataSet, implicit: boolean): [number, number][] {
  const ranges: [number, number][] = [];
  for (const [tag, e] of Object.entries(dataSet.elements)) {
    const group = Number.parseInt(tag.slice(1, 5), 16);
    if (group % 2 === 0 || group < 8) continue;
    const header = implicit || !e.vr ? 8 : LONG_VRS.has(e.vr) ? 12 : 8;
    ranges.push([e.dataOffset - header, e.dataOffset + e.length]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/**
 * Makes a file dcmjs can read, with the project's parser (which reads what dcmjs cannot): a raw
 * data set (no preamble, no meta) gets a Part 10 header naming the transfer syntax the parser
 * found; top-level private elements, which the Basic Profile removes anyway and which dcmjs fails
 * on when they are sequences of undefined length in implicit VR, are cut out by their byte
 * ranges. Throws what parseDicomBytes throws for a file that is not readable DICOM.
 */
export function prepareForDcmjs(input: Buffer): PreparedBytes {
  let checked = parseDicomBytes(input);
  let bytes = input;
  if (!checked.isPart10) {
    const hasMeta = input.readUInt16LE(0) === 0x0002;
    bytes = Buffer.concat([hasMeta ? Buffer.concat([Buffer.alloc(128), Buffer.from("DICM", "latin1")]) : part10Header(checked.transferSyntaxUid), input]);
    checked = parseDicomBytes(bytes);
  }
  // A deflated data set's offsets are those of its inflated bytes: left to dcmjs as it is.
  const ranges = checked.transferSyntaxUid === DEFLATED ? [] : privateRanges(checked.dataSet, checked.transferSyntaxUid === IMPLICIT_VR_LE);
  if (ranges.length === 0) return { bytes, checked, privateRemoved: 0 };
  const parts: Buffer[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue; // nested inside a range already cut
    parts.push(bytes.subarray(at, start));
    at = end;
  }
  parts.push(bytes.subarray(at));
  const stripped = Buffer.concat(parts);
  return { bytes: stripped, checked: parseDicomBytes(stripped), privateRemoved: ranges.length };
}
