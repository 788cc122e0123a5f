import type { GreyFrame } from "./preprocess";

/**
 * The stored samples of one grey frame as the file holds them, and how they become modality
 * values: keep the low `bitsStored` bits, sign-extend them when `signed` (Pixel Representation 1),
 * then value · slope + intercept (the Modality LUT; lib/dicom's fillStored + greyFrameOf).
 */
export interface StoredSamples {
  /** One sample per pixel, row-major, as unsigned words of Bits Allocated 8 or 16 (host order). */
  data: Uint8Array | Uint16Array;
  bitsStored: number;
  signed: boolean;
  slope: number;
  intercept: number;
}

/**
 * A GreyFrame read straight from its stored samples: preprocess resamples `stored` directly (one
 * pass from stored pixels to the model input: mask, sign, bilinear, rescale), so the full-size
 * float32 copy of the frame is never made unless something asks for `pixels` (made once, cached).
 */
export interface StoredGreyFrame extends GreyFrame {
  stored: StoredSamples;
}

export function isStoredGreyFrame(frame: GreyFrame): frame is StoredGreyFrame {
  return (frame as Partial<StoredGreyFrame>).stored !== undefined;
}

/**
 * `mask` keeps Bits Stored bits; `sign` is the sign bit for signed samples, 0 otherwise, so that
 * ((raw & mask) ^ sign) − sign is the stored value (two's complement sign extension).
 */
export function sampleCoding(stored: Pick<StoredSamples, "bitsStored" | "signed">): { mask: number; sign: number } {
  const mask = stored.bitsStored >= 32 ? -1 : 2 ** stored.bitsStored - 1;
  return { mask, sign: stored.signed ? 2 ** (stored.bitsStored - 1) : 0 };
}

/** All modality values of the frame as float32 (what greyFrameOf gives for the same samples). */
export function modalityValues(stored: StoredSamples): Float32Array {
  const { data, slope, intercept } = stored;
  const { mask, sign } = sampleCoding(stored);
  const out = new Float32Array(data.length);
  for (let k = 0; k < data.length; k++) out[k] = ((((data[k] as number) & mask) ^ sign) - sign) * slope + intercept;
  return out;
}

/** A StoredGreyFrame of `width` columns by `height` rows over `stored` (not copied). */
export function storedGreyFrame(width: number, height: number, stored: StoredSamples): StoredGreyFrame {
  let pixels: Float32Array | undefined;
  return {
    width,
    height,
    stored,
    get pixels(): Float32Array {
      pixels ??= modalityValues(stored);
      return pixels;
    },
  };
}
