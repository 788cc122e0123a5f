import { dicomError } from "../dicom-error";
import type { TPixelCodec } from "../transfer-syntax";
import type { InstanceMeta } from "../types";
import { codestreamInfo } from "./codestream-info";
import { forgetCodec, loadCodec, type CodecModules } from "./load-codec";
import type { WasmDecoder } from "./wasm-types";

/** A decoded frame as the codec gave it: little-endian samples, 1 or 2 bytes each. */
export interface CodecOutput {
  bytes: Uint8Array;
  bytesPerSample: 1 | 2 | 4;
  /** Colour samples stored plane after plane rather than interleaved. */
  planar: boolean;
  /** Set when the codec converted colour (JPEG's and JPEG 2000's YCbCr become RGB). */
  photometricInterpretation?: string;
}

type TFrameMeta = Pick<InstanceMeta, "rows" | "columns" | "samplesPerPixel" | "bitsAllocated" | "bitsStored" | "pixelRepresentation" | "photometricInterpretation">;

/**
 * Decodes one compressed frame with the maintained codec for its transfer syntax. The codestream's
 * own size is checked against the header first, so a hostile frame cannot make a codec allocate
 * more than the header (already within limits) allows.
 */
export async function decodeCompressed(codec: TPixelCodec, frame: Uint8Array, meta: TFrameMeta): Promise<CodecOutput> {
  const info = codestreamInfo(frame);
  if (info && (info.width !== meta.columns || info.height !== meta.rows)) {
    throw dicomError("INVALID_DICOM", `The compressed frame is ${info.width} × ${info.height} pixels but the header says ${meta.columns} × ${meta.rows}.`);
  }
  switch (codec) {
    case "jpeg-ls":
      return runWasm("charls", frame, meta, (m) => new m.JpegLSDecoder(), (d) => d.getInterleaveMode() === 0);
    case "jpeg-2000":
      return checkJ2kSignedness(await runWasm("openjpeg", frame, meta, (m) => new m.J2KDecoder(), () => false, true), meta, info);
    case "htj2k":
      return checkJ2kSignedness(await runWasm("openjph", frame, meta, (m) => new m.HTJ2KDecoder(), () => false, true), meta, info);
    case "jpeg-lossless":
      // DCMTK's IJG decoder, not jpeg-lossless-decoder-js: the latter (2.1.2) drops the last pixel
      // of CTImage.dcm's SV1 encoding (decodes 0 where the twin has -2000).
      return decodeWithDcmtk("decodeJpeg", frame, jpegSampleMeta(meta, info));
    case "jpeg-baseline":
    case "jpeg-extended": {
      if (info && info.precision <= 8 && (info.marker === 0xc0 || info.marker === 0xc1 || info.marker === 0xc2)) {
        return runWasm("libjpegTurbo", frame, meta, (m) => new m.JPEGDecoder(), () => false, true);
      }
      return decodeWithDcmtk("decodeJpeg", frame, jpegSampleMeta(meta, info));
    }
    case "rle":
      return decodeWithDcmtk("decodeRle", frame, meta);
    case "native":
      throw new Error("decodeCompressed called for native pixel data");
  }
}

/**
 * A JPEG 2000 codestream whose signedness (SIZ) disagrees with Pixel Representation is trusted
 * only when no decoded sample reads differently under the two (every value in 0 … 2^(Bits Stored
 * − 1) − 1); otherwise which one is right cannot be known, and the frame is refused
 * (pydicom/pydicom#1149, pylibjpeg-openjpeg#12).
 */
function checkJ2kSignedness(output: CodecOutput, meta: TFrameMeta, info: ReturnType<typeof codestreamInfo>): CodecOutput {
  if (!info || info.signed === undefined || info.signed === (meta.pixelRepresentation === 1) || meta.samplesPerPixel !== 1) return output;
  const { bytes, bytesPerSample } = output;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const limit = 2 ** (Math.min(meta.bitsStored, bytesPerSample * 8) - 1);
  const count = Math.floor(bytes.length / bytesPerSample);
  for (let k = 0; k < count; k++) {
    const value = bytesPerSample === 1 ? (info.signed ? view.getInt8(k) : view.getUint8(k)) : info.signed ? view.getInt16(2 * k, true) : view.getUint16(2 * k, true);
    if (value < 0 || value >= limit) {
      const says = meta.pixelRepresentation === 1 ? "signed" : "unsigned";
      throw dicomError("UNSUPPORTED_DICOM", `The JPEG 2000 codestream holds ${info.signed ? "signed" : "unsigned"} samples but the header says ${says} (Pixel Representation ${meta.pixelRepresentation}), and the values differ between the two; the pixels cannot be trusted.`);
    }
  }
  return output;
}

/**
 * The sample size DCMTK must decode a JPEG frame into, from the codestream's precision (SOFn P),
 * not from Bits Allocated: a P = 8 codestream in a 16-bit allocated image (GDCM writes these) read
 * as 16-bit samples comes out as garbage. Refused when the codestream is wider than the allocation
 * (its values cannot be what the header describes). PS3.5 8.2.1, ISO 10918-1 B.2.2.
 */
function jpegSampleMeta(meta: TFrameMeta, info: ReturnType<typeof codestreamInfo>): TFrameMeta {
  if (!info || info.kind !== "jpeg") return meta;
  if (info.precision > meta.bitsAllocated) {
    throw dicomError("UNSUPPORTED_DICOM", `The JPEG codestream has ${info.precision}-bit samples but the header allocates ${meta.bitsAllocated} bits; the pixels cannot be trusted.`);
  }
  if (info.precision <= 8 && meta.bitsAllocated > 8) return { ...meta, bitsAllocated: 8, bitsStored: Math.min(meta.bitsStored, 8) };
  return meta;
}

async function runWasm<K extends "charls" | "openjpeg" | "openjph" | "libjpegTurbo", D extends WasmDecoder>(
  name: K,
  frame: Uint8Array,
  meta: TFrameMeta,
  create: (module: CodecModules[K]) => D,
  isPlanar: (decoder: D) => boolean,
  convertsColour = false,
): Promise<CodecOutput> {
  const module = await loadCodec(name);
  let decoder: D | undefined;
  try {
    decoder = create(module);
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    const info = decoder.getFrameInfo();
    if (info.width !== meta.columns || info.height !== meta.rows || info.componentCount !== meta.samplesPerPixel) {
      throw dicomError("INVALID_DICOM", `The compressed frame decodes to ${info.width} × ${info.height} × ${info.componentCount} samples, not the ${meta.columns} × ${meta.rows} × ${meta.samplesPerPixel} the header says.`);
    }
    const bytes = decoder.getDecodedBuffer().slice();
    const output: CodecOutput = { bytes, bytesPerSample: info.bitsPerSample > 8 ? 2 : 1, planar: meta.samplesPerPixel > 1 && isPlanar(decoder) };
    if (convertsColour && meta.samplesPerPixel === 3) output.photometricInterpretation = "RGB";
    return output;
  } catch (error) {
    if (error && typeof error === "object" && "code" in error) throw error;
    forgetCodec(name);
    throw dicomError("INVALID_DICOM", `The compressed pixel data is corrupt and the ${name} decoder rejected it.`, { cause: error });
  } finally {
    try {
      decoder?.delete();
    } catch {
      // A decoder whose module aborted cannot be deleted; the module itself is dropped above.
    }
  }
}

async function decodeWithDcmtk(method: "decodeJpeg" | "decodeRle", frame: Uint8Array, meta: TFrameMeta): Promise<CodecOutput> {
  const dcmtk = await loadCodec("dcmtk");
  try {
    const context = dcmtk.Context.fromDicomElements({
      Rows: meta.rows,
      Columns: meta.columns,
      BitsAllocated: meta.bitsAllocated,
      BitsStored: meta.bitsStored,
      SamplesPerPixel: meta.samplesPerPixel,
      PixelRepresentation: meta.pixelRepresentation,
      PlanarConfiguration: 0,
      PhotometricInterpretation: meta.photometricInterpretation,
    });
    context.setEncodedBuffer(frame);
    const bytes = dcmtk.NativeCodecs[method](context, {}).getDecodedBuffer();
    const output: CodecOutput = { bytes: bytes.slice(), bytesPerSample: meta.bitsAllocated <= 8 ? 1 : meta.bitsAllocated <= 16 ? 2 : 4, planar: false };
    if (method === "decodeJpeg" && meta.samplesPerPixel === 3) output.photometricInterpretation = "RGB";
    return output;
  } catch (error) {
    const what = method === "decodeRle" ? "RLE" : "JPEG";
    throw dicomError("INVALID_DICOM", `The ${what} pixel data is corrupt and could not be decoded.`, { cause: error });
  }
}
