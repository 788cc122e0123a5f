import { PNG } from "pngjs";

export type TRgb = [number, number, number];

/**
 * 5×7 bitmap glyphs for the overlay labels (vertebrae L1..S1, levels L1-L2..L5-S1): each glyph
 * is 7 rows of 5 bits, most significant bit left. Characters without a glyph draw as a box.
 */
const GLYPHS: Record<string, number[]> = {
  "0": [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
  "1": [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
  "2": [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
  "3": [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
  "4": [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
  "5": [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
  L: [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f],
  S: [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e],
  T: [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
  "-": [0x00, 0x00, 0x00, 0x1f, 0x00, 0x00, 0x00],
  " ": [0, 0, 0, 0, 0, 0, 0],
};

/** An RGB raster (row-major, 3 bytes per pixel) that overlays are drawn into before PNG encoding. */
export class RgbImage {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 3);
  }

  /** From an 8-bit grey rendering (lib/dicom renderFrame8), optionally scaled up by an integer factor. */
  static fromGray(gray: Uint8Array, columns: number, rows: number, factor = 1): RgbImage {
    const img = new RgbImage(columns * factor, rows * factor);
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const v = gray[Math.floor(y / factor) * columns + Math.floor(x / factor)] ?? 0;
        const o = (y * img.width + x) * 3;
        img.data[o] = v;
        img.data[o + 1] = v;
        img.data[o + 2] = v;
      }
    }
    return img;
  }

  set(x: number, y: number, c: TRgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const o = (yi * this.width + xi) * 3;
    this.data[o] = c[0];
    this.data[o + 1] = c[1];
    this.data[o + 2] = c[2];
  }

  /** A line between two points in this raster's pixels, `thickness` pixels wide (square pen). */
  line(x0: number, y0: number, x1: number, y1: number, c: TRgb, thickness = 1): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const half = Math.floor(thickness / 2);
    for (let i = 0; i <= steps; i++) {
      const x = x0 + ((x1 - x0) * i) / steps;
      const y = y0 + ((y1 - y0) * i) / steps;
      for (let dy = -half; dy < thickness - half; dy++) for (let dx = -half; dx < thickness - half; dx++) this.set(x + dx, y + dy, c);
    }
  }

  /** The outline of a box `[x0, y0, x1, y1]` (corner origin, exclusive x1/y1). */
  rect(box: [number, number, number, number], c: TRgb, thickness = 1): void {
    const [x0, y0, x1, y1] = [box[0], box[1], box[2] - 1, box[3] - 1];
    this.line(x0, y0, x1, y0, c, thickness);
    this.line(x1, y0, x1, y1, c, thickness);
    this.line(x1, y1, x0, y1, c, thickness);
    this.line(x0, y1, x0, y0, c, thickness);
  }

  /** Text in the 5×7 font, top-left at (x, y), each font pixel `scale` raster pixels, on a dark backing. */
  text(x: number, y: number, text: string, c: TRgb, scale = 2): void {
    const width = text.length * 6 * scale;
    for (let yy = -1; yy < 8 * scale; yy++) for (let xx = -1; xx < width; xx++) this.set(x + xx, y + yy, [0, 0, 0]);
    [...text.toUpperCase()].forEach((ch, i) => {
      const glyph = GLYPHS[ch] ?? [0x1f, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1f];
      glyph.forEach((bits, row) => {
        for (let col = 0; col < 5; col++) {
          if (!(bits & (0x10 >> col))) continue;
          for (let sy = 0; sy < scale; sy++) for (let sx = 0; sx < scale; sx++) this.set(x + (i * 6 + col) * scale + sx, y + row * scale + sy, c);
        }
      });
    });
  }

  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height, colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 });
    png.data = Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 });
  }
}
