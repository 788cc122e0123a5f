/**
 * Transfer syntaxes discern reads, and what each means for parsing (VR, byte order) and for pixel
 * decoding (which codec). Anything not listed is UNSUPPORTED_DICOM at decode time, though its
 * header may still be read.
 */
export type TPixelCodec =
  | "native"
  | "rle"
  | "jpeg-baseline"
  | "jpeg-extended"
  | "jpeg-lossless"
  | "jpeg-ls"
  | "jpeg-2000"
  | "htj2k";

export interface TransferSyntaxInfo {
  uid: string;
  name: string;
  explicitVr: boolean;
  littleEndian: boolean;
  /** Pixel data in fragments (encapsulated). */
  encapsulated: boolean;
  /** The encoding may lose information: compare decodes against a tolerance, not a hash. */
  lossy: boolean;
  codec: TPixelCodec;
}

export const IMPLICIT_VR_LE = "1.2.840.10008.1.2";
export const EXPLICIT_VR_LE = "1.2.840.10008.1.2.1";
export const DEFLATED_EXPLICIT_VR_LE = "1.2.840.10008.1.2.1.99";
export const EXPLICIT_VR_BE = "1.2.840.10008.1.2.2";

const TABLE: TransferSyntaxInfo[] = [
  { uid: IMPLICIT_VR_LE, name: "Implicit VR Little Endian", explicitVr: false, littleEndian: true, encapsulated: false, lossy: false, codec: "native" },
  { uid: EXPLICIT_VR_LE, name: "Explicit VR Little Endian", explicitVr: true, littleEndian: true, encapsulated: false, lossy: false, codec: "native" },
  { uid: DEFLATED_EXPLICIT_VR_LE, name: "Deflated Explicit VR Little Endian", explicitVr: true, littleEndian: true, encapsulated: false, lossy: false, codec: "native" },
  { uid: EXPLICIT_VR_BE, name: "Explicit VR Big Endian", explicitVr: true, littleEndian: false, encapsulated: false, lossy: false, codec: "native" },
  { uid: "1.2.840.10008.1.2.5", name: "RLE Lossless", explicitVr: true, littleEndian: true, encapsulated: true, lossy: false, codec: "rle" },
  { uid: "1.2.840.10008.1.2.4.50", name: "JPEG Baseline (Process 1)", explicitVr: true, littleEndian: true, encapsulated: true, lossy: true, codec: "jpeg-baseline" },
  { uid: "1.2.840.10008.1.2.4.51", name: "JPEG Extended (Process 2 & 4)", explicitVr: true, littleEndian: true, encapsulated: true, lossy: true, codec: "jpeg-extended" },
  { uid: "1.2.840.10008.1.2.4.53", name: "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8)", explicitVr: true, littleEndian: true, encapsulated: true, lossy: true, codec: "jpeg-extended" },
  { uid: "1.2.840.10008.1.2.4.55", name: "JPEG Full Progression, Non-Hierarchical (Process 10 & 12)", explicitVr: true, littleEndian: true, encapsulated: true, lossy: true, codec: "jpeg-extended" },
  { uid: "1.2.840.10008.1.2.4.57", name: "JPEG Lossless (Process 14)", explicitVr: true, littleEndian: true, encapsulated: true, lossy: false, codec: "jpeg-lossless" },
  { uid: "1.2.840.10008.1.2.4.70", name: "JPEG Lossless SV1 (Process 14, Selection Value 1)", explicitVr: true, littleEndian: true, encapsulated: true, lossy: false, codec: "jpeg-lossless" },
  { uid: "1.2.840.10008.1.2.4.80", name: "JPEG-LS Lossless", explicitVr: true, littleEndian: true, encapsulated: true, lossy: false, codec: "jpeg-ls" },
  { uid: "1.2.840.10008.1.2.4.81", name: "JPEG-LS Near-Lossless", explicitVr: true, littleEndian: true, encapsulated: true, lossy: true, codec: "jpeg-ls" },
  { uid: "1.2.840.10008.1.2.4.90", name: "JPEG 2000 Lossless", explicitVr: true, littleEndian: true, encapsulated: true, lossy: false, codec: "jpeg-2000" },
  { uid: "1.2.840.10008.1.2.4.91", name: "JPEG 2000", explicitVr: true, littleEndian: true, encapsulated: true, lossy: true, codec: "jpeg-2000" },
  { uid: "1.2.840.10008.1.2.4.201", name: "HTJ2K Lossless", explicitVr: true, littleEndian: true, encapsulated: true, lossy: false, codec: "htj2k" },
  { uid: "1.2.840.10008.1.2.4.202", name: "HTJ2K Lossless RPCL", explicitVr: true, littleEndian: true, encapsulated: true, lossy: false, codec: "htj2k" },
  { uid: "1.2.840.10008.1.2.4.203", name: "HTJ2K", explicitVr: true, littleEndian: true, encapsulated: true, lossy: true, codec: "htj2k" },
];

const BY_UID = new Map(TABLE.map((t) => [t.uid, t]));

/** What discern knows of a transfer syntax, or undefined for one it cannot decode. */
export function transferSyntaxInfo(uid: string): TransferSyntaxInfo | undefined {
  return BY_UID.get(uid);
}

export function supportedTransferSyntaxes(): readonly TransferSyntaxInfo[] {
  return TABLE;
}
