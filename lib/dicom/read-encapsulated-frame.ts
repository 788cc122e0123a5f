import type { DataSet, Fragment } from "dicom-parser";
import { dicomError } from "./dicom-error";

/**
 * The compressed bytes of one frame of encapsulated pixel data (PS3.5 A.4). With a Basic Offset
 * Table the frame's fragments are known; without one, a single frame takes every fragment, as many
 * fragments as frames means one each, and otherwise a new frame starts at each fragment that
 * opens with a JPEG SOI (FFD8) or JPEG 2000 SOC (FF4F) marker.
 */
export function readEncapsulatedFrame(dataSet: DataSet, frameIndex: number, frames: number): Uint8Array {
  const element = dataSet.elements.x7fe00010;
  const fragments = element?.fragments;
  if (!element || !fragments || fragments.length === 0) {
    throw dicomError("INVALID_DICOM", "The encapsulated pixel data has no fragments.");
  }
  const groups = frameGroups(dataSet, fragments, element.basicOffsetTable ?? [], frames);
  const group = groups[frameIndex];
  if (!group || groups.length < frames) {
    throw dicomError("INVALID_DICOM", `The encapsulated pixel data holds ${groups.length} frames but the header claims ${frames}.`);
  }
  const parts = group.map((f) => {
    const start = f.position;
    const end = start + f.length;
    if (end > dataSet.byteArray.length) throw dicomError("INVALID_DICOM", "A pixel data fragment runs past the end of the file.");
    return dataSet.byteArray.subarray(start, end);
  });
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function frameGroups(dataSet: DataSet, fragments: Fragment[], offsets: number[], frames: number): Fragment[][] {
  if (frames === 1) return [fragments];
  if (offsets.length === frames && offsets.every((o, i) => i === 0 || o > offsets[i - 1]!)) {
    return offsets.map((start, i) => {
      const end = offsets[i + 1] ?? Number.POSITIVE_INFINITY;
      return fragments.filter((f) => f.offset >= start && f.offset < end);
    });
  }
  if (fragments.length === frames) return fragments.map((f) => [f]);
  const groups: Fragment[][] = [];
  for (const fragment of fragments) {
    const at = fragment.position;
    const b0 = dataSet.byteArray[at];
    const b1 = dataSet.byteArray[at + 1];
    const opens = b0 === 0xff && (b1 === 0xd8 || b1 === 0x4f);
    const last = groups[groups.length - 1];
    if (opens || !last) groups.push([fragment]);
    else last.push(fragment);
  }
  return groups;
}
