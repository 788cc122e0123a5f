import type { DataSet } from "dicom-parser";
import { buildGeometry, readNumbers } from "./read-geometry";
import type { FrameMeta } from "./types";

/** Functional group macros read here (PS3.3 C.7.6.16.2 and C.8.13.5), as dicom-parser tags. */
const TAG = {
  shared: "x52009229",
  perFrame: "x52009230",
  frameContent: "x00209111",
  planePosition: "x00209113",
  planeOrientation: "x00209116",
  pixelMeasures: "x00289110",
  mrEcho: "x00189114",
  mrTiming: "x00189112",
  mrFrameType: "x00189226",
} as const;

function firstItem(dataSet: DataSet | undefined, tag: string): DataSet | undefined {
  return dataSet?.elements[tag]?.items?.[0]?.dataSet;
}

/**
 * One number of an element whatever its VR: FD/FL as binary (Effective Echo Time is FD), DS/IS as
 * text. Implicit VR data sets carry no VR; an 8-byte value of a tag the standard types FD is read
 * as a double.
 */
function readAnyNumber(item: DataSet | undefined, tag: string, binaryByStandard = false): number | undefined {
  const element = item?.elements[tag];
  if (!item || !element || element.length === 0) return undefined;
  let value: number | undefined;
  if (element.vr === "FD" || (element.vr === undefined && binaryByStandard && element.length === 8)) value = item.double(tag);
  else if (element.vr === "FL") value = item.float(tag);
  else value = item.floatString(tag);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

function readStrings(item: DataSet | undefined, tag: string): string[] | undefined {
  const text = item?.string(tag);
  return text ? text.split("\\").map((t) => t.trim()) : undefined;
}

/**
 * Per-frame description of an enhanced multi-frame object: for each frame, its Per-frame
 * Functional Groups item, falling back to the Shared Functional Groups for every macro (PS3.3
 * C.7.6.16: a macro sits in one or the other). Geometry needs Plane Position, Plane Orientation
 * and Pixel Measures; Frame of Reference UID comes from the top level. Returns undefined when the
 * object has no Per-frame Functional Groups Sequence (a classic image).
 *
 * @param warnings receives one line per frame whose geometry is unusable (frame number 1-based).
 */
export function readFunctionalGroups(dataSet: DataSet, frames: number, rows: number, columns: number, warnings: string[]): FrameMeta[] | undefined {
  const items = dataSet.elements[TAG.perFrame]?.items;
  if (!items || items.length === 0) return undefined;
  const shared = firstItem(dataSet, TAG.shared);
  const frameOfReferenceUid = dataSet.string("x00200052") || undefined;
  const out: FrameMeta[] = [];
  const broken: number[] = [];
  for (let k = 0; k < frames; k++) {
    const own = items[k]?.dataSet;
    const macro = (tag: string) => firstItem(own, tag) ?? firstItem(shared, tag);
    const measures = macro(TAG.pixelMeasures);
    const position = macro(TAG.planePosition);
    const orientation = macro(TAG.planeOrientation);
    const frameWarnings: string[] = [];
    const geometry = buildGeometry(
      {
        position: position ? readNumbers(position, "x00200032", 3) : undefined,
        orientation: orientation ? readNumbers(orientation, "x00200037", 6) : undefined,
        spacing: measures ? readNumbers(measures, "x00280030", 2) : undefined,
        thickness: readAnyNumber(measures, "x00180050"),
        frameOfReferenceUid,
      },
      rows,
      columns,
      frameWarnings,
    );
    if (!geometry) broken.push(k + 1);
    const content = firstItem(own, TAG.frameContent);
    const frame: FrameMeta = {};
    if (geometry) frame.geometry = geometry;
    const echoTime = readAnyNumber(macro(TAG.mrEcho), "x00189082", true);
    if (echoTime !== undefined) frame.echoTime = echoTime;
    const repetitionTime = readAnyNumber(macro(TAG.mrTiming), "x00180080");
    if (repetitionTime !== undefined) frame.repetitionTime = repetitionTime;
    const stackId = content?.string("x00209056");
    if (stackId) frame.stackId = stackId.trim();
    const inStack = content?.elements.x00209057 ? content.uint32("x00209057") : undefined;
    if (inStack !== undefined) frame.inStackPosition = inStack;
    const frameType = readStrings(macro(TAG.mrFrameType), "x00089007");
    if (frameType) frame.frameType = frameType;
    out.push(frame);
  }
  if (broken.length > 0) {
    warnings.push(`${broken.length} of ${frames} frames have no usable position, orientation or spacing in their functional groups (frame ${broken.slice(0, 5).join(", ")}${broken.length > 5 ? ", …" : ""}).`);
  }
  return out;
}
