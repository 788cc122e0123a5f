/**
 * Image size and precision read from the first bytes of a compressed frame (JPEG family SOFn,
 * JPEG-LS SOF55, JPEG 2000 / HTJ2K SIZ), without decoding. Lets a decoder refuse a frame whose
 * codestream disagrees with the DICOM header before any codec allocates memory for it.
 */
export interface CodestreamInfo {
  kind: "jpeg" | "j2k";
  /** The JPEG start-of-frame marker (0xC0..0xCF, 0xF7), for JPEG streams. */
  marker?: number;
  width: number;
  height: number;
  components: number;
  /** Bits per sample of the first component. */
  precision: number;
  /** JPEG 2000 / HTJ2K only: the first component's samples are signed (SIZ Ssiz bit 7). */
  signed?: boolean;
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf, 0xf7]);

export function codestreamInfo(bytes: Uint8Array): CodestreamInfo | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff) return jp2Codestream(bytes);
  if (bytes[1] === 0xd8) return jpegInfo(bytes);
  if (bytes[1] === 0x4f && bytes[2] === 0xff && bytes[3] === 0x51) return sizInfo(bytes, 4);
  return undefined;
}

function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function u32(bytes: Uint8Array, at: number): number {
  return u16(bytes, at) * 65536 + u16(bytes, at + 2);
}

function jpegInfo(bytes: Uint8Array): CodestreamInfo | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) { at += 1; continue; }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; }
    if (SOF_MARKERS.has(marker)) {
      return { kind: "jpeg", marker, precision: bytes[at + 4]!, height: u16(bytes, at + 5), width: u16(bytes, at + 7), components: bytes[at + 9] ?? 0 };
    }
    if (marker === 0xda || marker === 0xd9) return undefined;
    at += 2 + u16(bytes, at + 2);
  }
  return undefined;
}

/** SIZ: Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz, Ssiz(0)... */
function sizInfo(bytes: Uint8Array, at: number): CodestreamInfo | undefined {
  if (at + 40 > bytes.length) return undefined;
  const width = u32(bytes, at + 4) - u32(bytes, at + 12);
  const height = u32(bytes, at + 8) - u32(bytes, at + 16);
  const components = u16(bytes, at + 36);
  const precision = ((bytes[at + 38] ?? 0) & 0x7f) + 1;
  const signed = ((bytes[at + 38] ?? 0) & 0x80) !== 0;
  return { kind: "j2k", width, height, components, precision, signed };
}

/** A JP2 file (boxes) around the codestream, which some encoders put in DICOM: find `jp2c`. */
function jp2Codestream(bytes: Uint8Array): CodestreamInfo | undefined {
  const limit = Math.min(bytes.length - 8, 4096);
  for (let at = 0; at < limit; at++) {
    if (bytes[at] === 0x6a && bytes[at + 1] === 0x70 && bytes[at + 2] === 0x32 && bytes[at + 3] === 0x63) {
      const start = at + 4;
      if (bytes[start] === 0xff && bytes[start + 1] === 0x4f) return sizInfo(bytes, start + 4);
    }
  }
  return undefined;
}
