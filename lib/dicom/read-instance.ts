import type { DataSet } from "dicom-parser";
import { dicomError } from "./dicom-error";
import { assertFrameWithinLimits, resolveLimits, storedPixelBytes, type DicomLimits } from "./limits";
import { parseDicomBytes } from "./parse-dicom-bytes";
import { readFunctionalGroups } from "./read-functional-groups";
import { readGeometry } from "./read-geometry";
import { transferSyntaxInfo } from "./transfer-syntax";
import type { InstanceMeta } from "./types";

export interface ReadInstanceOptions {
  limits?: Partial<DicomLimits>;
  /**
   * Accept a file without Study or Series Instance UID (the value becomes "" with a warning).
   * For tools that only look at files (`discern inspect`); import leaves it off.
   */
  allowMissingStudyUids?: boolean;
}

/** An instance parsed in full (pixel data located), ready for `decodeFrame`. */
export interface ParsedInstance {
  meta: InstanceMeta;
  dataSet: DataSet;
}

/**
 * Reads the header of one DICOM file: identifiers, image description, rescale, window and, when
 * position, orientation and spacing are all present, geometry (LPS millimetres). The pixel data is
 * located and sized against the header but not decoded. Non-fatal problems go to `warnings`; a file
 * that is not a readable DICOM image throws an AppError (INVALID_DICOM, UNSUPPORTED_DICOM, TOO_LARGE).
 */
export function readInstanceMeta(bytes: Buffer, options: ReadInstanceOptions = {}): InstanceMeta {
  const parsed = parseDicomBytes(bytes, { headerOnly: true, limits: options.limits });
  return metaFromDataSet(parsed.dataSet, parsed.transferSyntaxUid, parsed.warnings, options);
}

/** Like `readInstanceMeta`, but parses the whole file so that its frames can be decoded. */
export function readInstance(bytes: Buffer, options: ReadInstanceOptions = {}): ParsedInstance {
  const parsed = parseDicomBytes(bytes, { limits: options.limits });
  return { meta: metaFromDataSet(parsed.dataSet, parsed.transferSyntaxUid, parsed.warnings, options), dataSet: parsed.dataSet };
}

/** A string element's value, or undefined when absent or empty. */
export function optionalString(dataSet: DataSet, tag: string): string | undefined {
  const value = dataSet.string(tag);
  return value === undefined || value === "" ? undefined : value;
}

/** A DS/IS element's value as a finite number, or undefined when absent or not a number. */
export function optionalNumber(dataSet: DataSet, tag: string): number | undefined {
  if (!dataSet.elements[tag]) return undefined;
  const value = dataSet.floatString(tag);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

function requireUid(dataSet: DataSet, tag: string, name: string, warnings?: string[]): string {
  const value = optionalString(dataSet, tag);
  if (value) return value;
  if (!warnings) throw dicomError("INVALID_DICOM", `The file has no ${name}, so it cannot be placed in a study.`);
  warnings.push(`The file has no ${name}.`);
  return "";
}

/** Builds InstanceMeta from a parsed data set; see `readInstanceMeta`. */
export function metaFromDataSet(dataSet: DataSet, transferSyntaxUid: string, parseWarnings: string[], options: ReadInstanceOptions = {}): InstanceMeta {
  const limits = resolveLimits(options.limits);
  const warnings = [...parseWarnings];
  const sopClassUid = optionalString(dataSet, "x00080016");
  const modality = optionalString(dataSet, "x00080060");
  const safeDetails = { transferSyntaxUid, sopClassUid, modality };

  const rows = dataSet.uint16("x00280010");
  const columns = dataSet.uint16("x00280011");
  const pixelData = dataSet.elements.x7fe00010;
  if (!rows || !columns || !pixelData) {
    const lacking = [!rows && "Rows", !columns && "Columns", !pixelData && "Pixel Data"].filter(Boolean).join(", ");
    const alt = dataSet.elements.x7fe00008 || dataSet.elements.x7fe00009 ? " (float pixel data is not supported)" : "";
    throw dicomError("UNSUPPORTED_DICOM", `The file is not an image: it lacks ${lacking}${alt}.`, { details: { ...safeDetails, kind: "no-image" } });
  }
  const sopInstanceUid = requireUid(dataSet, "x00080018", "SOP Instance UID");
  const lenient = options.allowMissingStudyUids ? warnings : undefined;
  const studyInstanceUid = requireUid(dataSet, "x0020000d", "Study Instance UID", lenient);
  const seriesInstanceUid = requireUid(dataSet, "x0020000e", "Series Instance UID", lenient);

  const framesText = optionalString(dataSet, "x00280008");
  const frames = framesText === undefined ? 1 : Number.parseInt(framesText, 10);
  if (!Number.isSafeInteger(frames) || frames < 1) {
    throw dicomError("INVALID_DICOM", `The Number of Frames (${framesText}) is not a positive integer.`, { details: safeDetails });
  }
  if (frames > limits.maxFrames) {
    throw dicomError("TOO_LARGE", `The image has ${frames} frames, over the limit of ${limits.maxFrames}.`, { details: safeDetails });
  }
  const samplesPerPixel = dataSet.uint16("x00280002") ?? 1;
  const bitsAllocated = dataSet.uint16("x00280100");
  const bitsStored = dataSet.uint16("x00280101") ?? bitsAllocated;
  const pixelRepresentation = dataSet.uint16("x00280103") ?? 0;
  let photometricInterpretation = optionalString(dataSet, "x00280004");
  if (bitsAllocated === undefined || bitsStored === undefined) {
    throw dicomError("INVALID_DICOM", "The image has no Bits Allocated (0028,0100).", { details: safeDetails });
  }
  if (![1, 8, 16, 32].includes(bitsAllocated) || bitsStored < 1 || bitsStored > bitsAllocated) {
    throw dicomError("UNSUPPORTED_DICOM", `The image's bit depth (${bitsStored} stored in ${bitsAllocated} allocated) is not supported.`, { details: safeDetails });
  }
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw dicomError("UNSUPPORTED_DICOM", `The image has ${samplesPerPixel} samples per pixel; only 1 or 3 are supported.`, { details: safeDetails });
  }
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) {
    throw dicomError("INVALID_DICOM", `The Pixel Representation (${pixelRepresentation}) is neither 0 nor 1.`, { details: safeDetails });
  }
  if (!photometricInterpretation) {
    photometricInterpretation = samplesPerPixel === 3 ? "RGB" : "MONOCHROME2";
    warnings.push(`The file has no Photometric Interpretation; assumed ${photometricInterpretation}.`);
  }

  const expectedBytes = storedPixelBytes(rows, columns, frames, samplesPerPixel, bitsAllocated, photometricInterpretation);
  if (expectedBytes > BigInt(limits.maxPixelBytes)) {
    throw dicomError("TOO_LARGE", `The image claims ${expectedBytes} bytes of pixels (${rows} × ${columns} × ${frames} frames), over the limit of ${limits.maxPixelBytes} bytes.`, { details: safeDetails });
  }
  assertFrameWithinLimits({ rows, columns, samplesPerPixel, bitsAllocated }, limits, safeDetails);
  const syntax = transferSyntaxInfo(transferSyntaxUid);
  const isEncapsulated = pixelData.length === 0xffffffff || pixelData.hadUndefinedLength === true || syntax?.encapsulated === true;
  if (!isEncapsulated) {
    const available = Math.max(0, dataSet.byteArray.length - pixelData.dataOffset);
    if (BigInt(Math.min(pixelData.length, available)) < expectedBytes) {
      const have = Math.min(pixelData.length, available);
      const why = pixelData.length > available ? "the file is truncated" : "the header's image size does not fit the data";
      throw dicomError("INVALID_DICOM", `The pixel data holds ${have} bytes but the header claims ${expectedBytes} bytes (${why}).`, { details: safeDetails });
    }
    if (BigInt(pixelData.length) > expectedBytes + 1n) {
      warnings.push(`The pixel data has ${BigInt(pixelData.length) - expectedBytes} bytes more than the header describes; the extra bytes are ignored.`);
    }
  }
  if (!syntax) warnings.push(`The transfer syntax ${transferSyntaxUid} is not one discern can decode.`);

  const slope = optionalNumber(dataSet, "x00281053");
  const intercept = optionalNumber(dataSet, "x00281052");
  if (slope === 0) warnings.push("The Rescale Slope is 0; 1 is used instead.");
  const meta: InstanceMeta = {
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid,
    transferSyntaxUid,
    rows,
    columns,
    frames,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    pixelRepresentation,
    photometricInterpretation,
    rescaleSlope: slope === undefined || slope === 0 ? 1 : slope,
    rescaleIntercept: intercept ?? 0,
    warnings,
  };
  assignDefined(meta, {
    sopClassUid,
    modality,
    seriesNumber: optionalNumber(dataSet, "x00200011"),
    instanceNumber: optionalNumber(dataSet, "x00200013"),
    seriesDescription: optionalString(dataSet, "x0008103e"),
    studyDescription: optionalString(dataSet, "x00081030"),
    studyDate: optionalString(dataSet, "x00080020"),
    studyTime: optionalString(dataSet, "x00080030"),
    accessionNumber: optionalString(dataSet, "x00080050"),
    patientId: optionalString(dataSet, "x00100020"),
    patientName: optionalString(dataSet, "x00100010"),
    patientBirthDate: optionalString(dataSet, "x00100030"),
    patientSex: optionalString(dataSet, "x00100040"),
    imageType: readMulti(dataSet, "x00080008"),
    echoTime: optionalNumber(dataSet, "x00180081"),
    repetitionTime: optionalNumber(dataSet, "x00180080"),
    windowCenter: optionalNumber(dataSet, "x00281050"),
    windowWidth: optionalNumber(dataSet, "x00281051"),
    echoNumber: optionalNumber(dataSet, "x00180086"),
    acquisitionNumber: optionalNumber(dataSet, "x00200012"),
    geometry: readGeometry(dataSet, rows, columns, warnings),
    perFrame: frames > 1 ? readFunctionalGroups(dataSet, frames, rows, columns, warnings) : undefined,
  });
  // Enhanced MR keeps TE and TR in the MR Echo / MR Timing functional groups, not at the top level.
  const firstFrame = meta.perFrame?.[0];
  if (meta.echoTime === undefined && firstFrame?.echoTime !== undefined) meta.echoTime = firstFrame.echoTime;
  if (meta.repetitionTime === undefined && firstFrame?.repetitionTime !== undefined) meta.repetitionTime = firstFrame.repetitionTime;
  if (meta.windowWidth !== undefined && meta.windowWidth <= 0) {
    warnings.push("The Window Width is not positive; ignored.");
    delete meta.windowWidth;
    delete meta.windowCenter;
  }
  return meta;
}

function readMulti(dataSet: DataSet, tag: string): string[] | undefined {
  const count = dataSet.numStringValues(tag);
  if (!count) return undefined;
  const values: string[] = [];
  for (let i = 0; i < count; i++) values.push(dataSet.string(tag, i) ?? "");
  return values;
}

/** Copies only the defined values, so that optional fields stay absent rather than `undefined`. */
function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
