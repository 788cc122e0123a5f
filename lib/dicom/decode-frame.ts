import { decodeCompressed } from "./codecs/decode-compressed";
import { dicomError } from "./dicom-error";
import { assertFrameWithinLimits, resolveLimits, type DicomLimits } from "./limits";
import { readEncapsulatedFrame } from "./read-encapsulated-frame";
import type { ParsedInstance } from "./read-instance";
import { interleavePlanes, readNativeFrame } from "./read-native-frame";
import { allocateStored, fillStored, type TStoredPixels } from "./stored-pixels";
import { transferSyntaxInfo } from "./transfer-syntax";

/** One decoded frame: stored values (before the modality LUT), samples interleaved, row by row. */
export interface DecodedFrame {
  frameIndex: number;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Of the decoded values: "RGB" where a codec converted YCbCr, otherwise the file's. */
  photometricInterpretation: string;
  bitsStored: number;
  pixelRepresentation: number;
  pixels: TStoredPixels;
}

/**
 * Decodes frame `frameIndex` (0-based) of an instance read with `readInstance`. Values keep only
 * Bits Stored bits, sign-extended for Pixel Representation 1. Codecs load on first use and are
 * reused. Throws AppError: UNSUPPORTED_DICOM for a transfer syntax discern cannot decode,
 * INVALID_DICOM for corrupt or inconsistent pixel data (a codec output smaller than the header's
 * frame), TOO_LARGE for a frame over `limits.maxFrameBytes` (checked before decoding).
 */
export async function decodeFrame(instance: ParsedInstance, frameIndex: number, limits?: Partial<DicomLimits>): Promise<DecodedFrame> {
  const { meta, dataSet } = instance;
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= meta.frames) {
    throw dicomError("INVALID_DICOM", `Frame ${frameIndex} does not exist; the image has ${meta.frames} frame(s).`);
  }
  const syntax = transferSyntaxInfo(meta.transferSyntaxUid);
  if (!syntax) {
    throw dicomError("UNSUPPORTED_DICOM", `The transfer syntax ${meta.transferSyntaxUid} is not one discern can decode.`, { details: { transferSyntaxUid: meta.transferSyntaxUid } });
  }
  // Before anything is allocated: instances stored before the frame limit existed pass here too.
  assertFrameWithinLimits(meta, resolveLimits(limits));
  const signed = meta.pixelRepresentation === 1;
  const sampleCount = meta.rows * meta.columns * meta.samplesPerPixel;
  const pixels = allocateStored(sampleCount, meta.bitsAllocated, signed);
  let photometricInterpretation = meta.photometricInterpretation === "YBR_FULL_422" && syntax.codec === "native" ? "YBR_FULL" : meta.photometricInterpretation;

  if (syntax.codec === "native") {
    const frame = readNativeFrame(dataSet, meta, frameIndex, syntax.littleEndian);
    fillStored(pixels, frame.bytes, frame.bytesPerSample, meta.bitsStored, signed, frame.littleEndian);
  } else {
    const compressed = readEncapsulatedFrame(dataSet, frameIndex, meta.frames);
    const output = await decodeCompressed(syntax.codec, compressed, meta);
    const expected = sampleCount * output.bytesPerSample;
    if (output.bytes.length < expected) {
      throw dicomError("INVALID_DICOM", `The frame decoded to ${output.bytes.length} bytes, fewer than the ${expected} the header implies.`);
    }
    const pixelCount = meta.rows * meta.columns;
    // Only the header's frame is read from the output, whatever more a codec produced.
    const exact = output.bytes.length === expected ? output.bytes : output.bytes.subarray(0, expected);
    const bytes = output.planar ? interleavePlanes(exact, pixelCount, output.bytesPerSample) : exact;
    fillStored(pixels, bytes, output.bytesPerSample, meta.bitsStored, signed);
    if (output.photometricInterpretation) photometricInterpretation = output.photometricInterpretation;
  }
  return {
    frameIndex,
    rows: meta.rows,
    columns: meta.columns,
    samplesPerPixel: meta.samplesPerPixel,
    photometricInterpretation,
    bitsStored: meta.bitsStored,
    pixelRepresentation: meta.pixelRepresentation,
    pixels,
  };
}
