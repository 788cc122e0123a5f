import { AppError } from "../errors/app-error";

/**
 * How far outside its image a box may reach, as a fraction of the image's size on each side: a
 * reader may drag a vertebra's box a little past the edge (the vertebra is cut off by the field of
 * view), never further.
 */
export const BOX_MARGIN_FRACTION = 0.1;
/** The largest image DICOM can describe: Rows and Columns are US (PS3.3 C.7.6.3.1.1). */
const DICOM_MAX_SIDE = 65_535;

export interface ImageSize {
  rows: number;
  columns: number;
}

/**
 * Refuses (INVALID_INPUT, 422, one sentence) a box `[x0, y0, x1, y1]` in pixel coordinates
 * (x = column) that is not finite or reaches more than BOX_MARGIN_FRACTION of its image's size
 * outside the image. Without a known image, the bound is the largest image DICOM allows. Bounded
 * boxes keep every later use (rendering, reports, statistics) proportional to the image.
 */
export function assertBoxInsideImage(box: readonly number[], image: ImageSize | null, what: string): void {
  const columns = image?.columns ?? DICOM_MAX_SIDE;
  const rows = image?.rows ?? DICOM_MAX_SIDE;
  const [x0, y0, x1, y1] = box;
  if (box.length !== 4 || !box.every(Number.isFinite)) throw new AppError("INVALID_INPUT", { userMessage: `The ${what} box has a coordinate that is not a finite number.` });
  const mx = columns * BOX_MARGIN_FRACTION;
  const my = rows * BOX_MARGIN_FRACTION;
  const inside = x0! >= -mx && x1! <= columns + mx && y0! >= -my && y1! <= rows + my;
  if (!inside) {
    throw new AppError("INVALID_INPUT", {
      userMessage: `The ${what} box [${box.join(", ")}] lies outside its ${columns} × ${rows} image (more than ${Math.round(BOX_MARGIN_FRACTION * 100)}% beyond an edge).`,
    });
  }
}
