import { inflateRawSync } from "node:zlib";
import { parseDicom, readPart10Header, type DataSet, type ParseDicomOptions as ParserOptions } from "dicom-parser";
import { isAppError } from "../errors/app-error";
import { describeThrown, dicomError } from "./dicom-error";
import { inflateAllowance, resolveLimits, type DicomLimits } from "./limits";
import { EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE } from "./transfer-syntax";

export interface ParseDicomOptions {
  /** Stop before the pixel data's value (header only); the (7FE0,0010) element itself is kept. */
  headerOnly?: boolean;
  limits?: Partial<DicomLimits>;
}

export interface ParsedDicom {
  dataSet: DataSet;
  transferSyntaxUid: string;
  /** False for files without the 128-byte preamble and "DICM" (raw data sets). */
  isPart10: boolean;
  warnings: string[];
}

const VRS = new Set("AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV".split(" "));

function hasPart10Marker(bytes: Buffer): boolean {
  return bytes.length >= 132 && bytes.toString("latin1", 128, 132) === "DICM";
}

/**
 * Guesses the encoding of a raw data set (no preamble) from its first element: an explicit VR shows
 * as two capital letters at bytes 4–5, and the first group number (normally 0x0008) is small in the
 * byte order that is right. Returns the transfer syntaxes to try, most likely first.
 */
function guessRawTransferSyntaxes(bytes: Buffer): string[] {
  const explicit = VRS.has(bytes.toString("latin1", 4, 6));
  const bigEndianFirst = bytes.readUInt16BE(0) < bytes.readUInt16LE(0);
  if (explicit && bigEndianFirst) return [EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE];
  if (explicit) return [EXPLICIT_VR_LE, IMPLICIT_VR_LE, EXPLICIT_VR_BE];
  return [IMPLICIT_VR_LE, EXPLICIT_VR_LE, EXPLICIT_VR_BE];
}

function isStackOverflow(value: unknown): boolean {
  return value instanceof RangeError && /call stack/i.test(value.message);
}

function runParser(bytes: Buffer, options: ParserOptions): DataSet {
  try {
    return parseDicom(bytes, options);
  } catch (outer) {
    // dicom-parser wraps what the data-set walk threw in a plain `{ exception, dataSet }`.
    const thrown = outer && typeof outer === "object" && "exception" in outer ? (outer as { exception: unknown }).exception : outer;
    if (isAppError(thrown)) throw thrown;
    const partial = outer && typeof outer === "object" && "dataSet" in outer ? (outer as { dataSet?: DataSet }).dataSet : undefined;
    if (partial && hasCompletePixelData(partial) && !isStackOverflow(thrown)) {
      // Junk after a complete pixel data element (trailing padding gone wrong): keep the image.
      partial.warnings.push(`The file has unreadable data after the pixel data, which was ignored (${describeThrown(thrown)}).`);
      // The partial set lacks the file meta group (dicom-parser merges it only on success).
      if (!options.TransferSyntaxUID) Object.assign(partial.elements, readPart10Header(bytes).elements, { ...partial.elements });
      return partial;
    }
    // dicom-parser walks sequences recursively: a file nested thousands deep overflows the stack.
    // V8 unwinds cleanly, so containing it here is safe; the file is refused, nothing else is hurt.
    if (isStackOverflow(thrown)) {
      throw dicomError("INVALID_DICOM", "The file's sequences are nested too deeply to read safely.", { cause: thrown });
    }
    const text = describeThrown(thrown);
    if (/0002,0010/.test(text)) {
      throw dicomError("INVALID_DICOM", "The file meta header has no Transfer Syntax UID (0002,0010).", { cause: thrown });
    }
    if (/overrun|beyond|past end|outside the bounds|Offset is outside|maxP ?osition|cannot be greater than or equal/i.test(text)) {
      throw dicomError("INVALID_DICOM", "The file is truncated or an element's length runs past the end of the file.", { cause: thrown, details: { parser: text } });
    }
    throw dicomError("INVALID_DICOM", `The file is not readable DICOM (${text.replace(/^dicomParser[.:\w]*:\s*/, "").replace(/\.$/, "")}).`, { cause: thrown, details: { parser: text } });
  }
}

/** True when the pixel data element was read to its end (a defined length inside the buffer, or fragments). */
function hasCompletePixelData(dataSet: DataSet): boolean {
  const element = dataSet.elements.x7fe00010;
  if (!element) return false;
  if (element.length === 0xffffffff || element.encapsulatedPixelData) return (element.fragments?.length ?? 0) > 0;
  return element.dataOffset + element.length <= dataSet.byteArray.length;
}

/**
 * Parses the bytes of one DICOM file (Part 10, or a raw data set without preamble, whose encoding
 * is guessed) into a dicom-parser DataSet. Everything thrown becomes an AppError with code
 * INVALID_DICOM, UNSUPPORTED_DICOM or TOO_LARGE and one user sentence.
 */
export function parseDicomBytes(bytes: Buffer, options: ParseDicomOptions = {}): ParsedDicom {
  const limits = resolveLimits(options.limits);
  if (bytes.length > limits.maxFileBytes) {
    throw dicomError("TOO_LARGE", `The file is ${bytes.length} bytes, over the limit of ${limits.maxFileBytes} bytes.`);
  }
  if (bytes.length < 8) throw dicomError("INVALID_DICOM", "The file is too short to be DICOM.");
  const untilTag = options.headerOnly ? "x7fe00010" : undefined;
  const inflater = (array: Uint8Array, position: number): Uint8Array => {
    try {
      const buffer = Buffer.isBuffer(array) ? array : Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      // zlib inflates chunk by chunk and stops as soon as the output passes maxOutputLength, so a
      // bomb costs at most the allowance (bounded by the input's size times a ratio), never more.
      const allowance = inflateAllowance(buffer.length - position, limits);
      const inflated = inflateRawSync(buffer.subarray(position), { maxOutputLength: Math.max(1, allowance) });
      return Buffer.concat([buffer.subarray(0, position), inflated]);
    } catch (error) {
      if (error instanceof RangeError) {
        throw dicomError("TOO_LARGE", `The deflated data set inflates to more than ${inflateAllowance(array.length - position, limits)} bytes, more than ${limits.maxInflateRatio} times its compressed size, so it was not read.`, { cause: error });
      }
      throw dicomError("INVALID_DICOM", "The deflated data set is corrupt and cannot be inflated.", { cause: error });
    }
  };

  if (hasPart10Marker(bytes)) {
    const dataSet = runParser(bytes, { untilTag, inflater });
    const transferSyntaxUid = dataSet.string("x00020010");
    if (!transferSyntaxUid) throw dicomError("INVALID_DICOM", "The file meta header has no transfer syntax (0002,0010).");
    return { dataSet, transferSyntaxUid, isPart10: true, warnings: [...dataSet.warnings] };
  }

  // A file meta group without the preamble: give it the preamble it lacks and read it as Part 10.
  if (bytes.readUInt16LE(0) === 0x0002 && VRS.has(bytes.toString("latin1", 4, 6))) {
    const withPreamble = Buffer.concat([Buffer.alloc(128), Buffer.from("DICM", "latin1"), bytes]);
    const parsed = parseDicomBytes(withPreamble, options);
    return { ...parsed, isPart10: false, warnings: ["The file lacks the 128-byte preamble and DICM marker.", ...parsed.warnings] };
  }

  let firstError: unknown;
  for (const transferSyntaxUid of guessRawTransferSyntaxes(bytes)) {
    try {
      const dataSet = runParser(bytes, { TransferSyntaxUID: transferSyntaxUid, untilTag, inflater });
      if (!looksLikeDataSet(dataSet)) continue;
      const warnings = [`The file has no preamble or meta header; read as ${transferSyntaxUid}.`, ...dataSet.warnings];
      return { dataSet, transferSyntaxUid, isPart10: false, warnings };
    } catch (error) {
      firstError ??= error;
      if (isAppError(error) && error.code === "TOO_LARGE") throw error;
    }
  }
  if (isAppError(firstError) && /nested too deeply/.test(firstError.userMessage)) throw firstError;
  throw dicomError("INVALID_DICOM", "The file is not DICOM: it has no DICM marker and no readable data set.", { cause: firstError });
}

/**
 * A raw data set read under the wrong guess, or bytes that are not DICOM, parse into junk: require
 * the first element to be in a low group (0008 is where data sets start) and a few sane tags.
 */
function looksLikeDataSet(dataSet: DataSet): boolean {
  const first = Object.keys(dataSet.elements)[0];
  if (!first || Number.parseInt(first.slice(1, 5), 16) > 0x0008) return false;
  const known = ["x00080016", "x00080018", "x0020000d", "x0020000e", "x00280010", "x00080060"];
  return known.some((tag) => tag in dataSet.elements);
}
