import type { DataSet } from "dicom-parser";
import type { ImageGeometry, Vec3 } from "./types";

/** Reads `count` numbers of a multi-valued DS element; undefined if any is missing or not finite. */
export function readNumbers(dataSet: DataSet, tag: string, count: number): number[] | undefined {
  if (!dataSet.elements[tag]) return undefined;
  // One read and one split: dataSet.floatString(tag, i) would re-read and re-split for every i.
  const parts = (dataSet.string(tag) ?? "").split("\\");
  if (parts.length < count) return undefined;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const value = Number.parseFloat(parts[i]!);
    if (!Number.isFinite(value)) return undefined;
    values.push(value);
  }
  return values;
}

function firstItem(dataSet: DataSet | undefined, tag: string): DataSet | undefined {
  return dataSet?.elements[tag]?.items?.[0]?.dataSet;
}

function length(v: Vec3): number {
  return Math.hypot(v[0], v[1], v[2]);
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/**
 * The position, orientation and spacing of an image (LPS millimetres), from the top-level tags or,
 * for enhanced multi-frame objects, from the shared and first per-frame functional groups.
 * Returns undefined (with a warning) when any of the three is missing or unusable; cosines a little
 * off unit length are normalised with a warning, as scanners round them to a few digits.
 */
export function readGeometry(dataSet: DataSet, rows: number, columns: number, warnings: string[]): ImageGeometry | undefined {
  const shared = firstItem(dataSet, "x52009229");
  const perFrame = firstItem(dataSet, "x52009230");
  const fromItem = (item: DataSet | undefined, tag: string, count: number) => (item ? readNumbers(item, tag, count) : undefined);
  const position =
    readNumbers(dataSet, "x00200032", 3) ??
    fromItem(firstItem(perFrame, "x00209113"), "x00200032", 3) ??
    fromItem(firstItem(shared, "x00209113"), "x00200032", 3);
  const orientation =
    readNumbers(dataSet, "x00200037", 6) ??
    fromItem(firstItem(shared, "x00209116"), "x00200037", 6) ??
    fromItem(firstItem(perFrame, "x00209116"), "x00200037", 6);
  const measures = firstItem(shared, "x00289110") ?? firstItem(perFrame, "x00289110");
  const spacing = readNumbers(dataSet, "x00280030", 2) ?? fromItem(measures, "x00280030", 2);
  const thickness = dataSet.floatString("x00180050") ?? (measures ? measures.floatString("x00180050") : undefined);
  return buildGeometry({ position, orientation, spacing, thickness, frameOfReferenceUid: dataSet.string("x00200052") }, rows, columns, warnings);
}

/** The parts of ImageGeometry as read from a data set or a functional group; any may be missing. */
export interface GeometryParts {
  position?: number[];
  orientation?: number[];
  spacing?: number[];
  thickness?: number;
  frameOfReferenceUid?: string;
}

/**
 * Validates and assembles geometry from its parts (LPS mm): undefined with a warning when a part
 * is missing or unusable; cosines a little off unit length are normalised with a warning.
 */
export function buildGeometry(parts: GeometryParts, rows: number, columns: number, warnings: string[]): ImageGeometry | undefined {
  const { position, orientation, spacing, thickness, frameOfReferenceUid } = parts;
  const missing = [!position && "Image Position (Patient)", !orientation && "Image Orientation (Patient)", !spacing && "Pixel Spacing"].filter(Boolean);
  if (!position || !orientation || !spacing) {
    warnings.push(`The image has no usable geometry (missing ${missing.join(", ")}).`);
    return undefined;
  }
  const row: Vec3 = [orientation[0]!, orientation[1]!, orientation[2]!];
  const column: Vec3 = [orientation[3]!, orientation[4]!, orientation[5]!];
  const rowLength = length(row);
  const columnLength = length(column);
  if (rowLength < 0.5 || columnLength < 0.5) {
    warnings.push("The image orientation has a zero-length direction; geometry ignored.");
    return undefined;
  }
  if (Math.abs(rowLength - 1) > 1e-3 || Math.abs(columnLength - 1) > 1e-3) {
    warnings.push("The image orientation cosines are not unit vectors; normalised.");
  }
  const rowCosines = row.map((c) => c / rowLength) as Vec3;
  const columnCosines = column.map((c) => c / columnLength) as Vec3;
  if (Math.abs(dot(rowCosines, columnCosines)) > 0.01) {
    warnings.push("The image orientation's row and column directions are not perpendicular; geometry ignored.");
    return undefined;
  }
  if (!(spacing[0]! > 0) || !(spacing[1]! > 0)) {
    warnings.push("The pixel spacing is not positive; geometry ignored.");
    return undefined;
  }
  const geometry: ImageGeometry = {
    imagePositionPatient: [position[0]!, position[1]!, position[2]!],
    rowCosines,
    columnCosines,
    pixelSpacing: [spacing[0]!, spacing[1]!],
    rows,
    columns,
  };
  if (thickness !== undefined && Number.isFinite(thickness) && thickness > 0) geometry.sliceThickness = thickness;
  if (frameOfReferenceUid) geometry.frameOfReferenceUid = frameOfReferenceUid;
  return geometry;
}
