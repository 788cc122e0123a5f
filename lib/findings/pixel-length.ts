/**
 * The length in mm of a segment between two points of one image, in that image's pixel
 * coordinates (x = column, y = row; any origin, as only the difference counts).
 * `pixelSpacing` is the DICOM Pixel Spacing (0028,0030) as stored: [row spacing, column spacing]
 * in mm — row spacing is the distance between the centres of adjacent rows (vertical, applies to
 * Δy), column spacing between adjacent columns (horizontal, applies to Δx) (PS3.3 C.7.6.2.1.1).
 * Throws RangeError for a non-positive or non-finite spacing.
 */
export function pixelLengthMm(a: readonly [number, number], b: readonly [number, number], pixelSpacing: readonly [number, number]): number {
  const [rowSpacing, columnSpacing] = pixelSpacing;
  if (!(rowSpacing > 0 && columnSpacing > 0 && Number.isFinite(rowSpacing) && Number.isFinite(columnSpacing))) {
    throw new RangeError(`Pixel Spacing must be two positive numbers, got ${rowSpacing}\\${columnSpacing}`);
  }
  return Math.hypot((b[0] - a[0]) * columnSpacing, (b[1] - a[1]) * rowSpacing);
}
