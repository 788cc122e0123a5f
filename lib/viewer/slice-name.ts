/** What the history needs to know of a series to name its slices. */
export interface TSeriesName {
  /** "SAGITTAL" | "AXIAL" | "CORONAL" | … (the Series.plane enum), any case. */
  plane: string;
  /** "T1" | "T2" | "PD" | "OTHER" (the Series.weighting enum), or null if unknown. */
  weighting: string | null;
  /** (0020,0011) Series Number, or null. */
  seriesNumber: number | null;
}

/**
 * A slice as a reader names it: "Axial T2 (series 4) slice 7". The slice number is the image's
 * (0020,0013) Instance Number when present, else its 1-based position in the displayed stack;
 * "other"/unknown weighting and a missing series number are left out ("Axial slice 3").
 */
export function sliceName(series: TSeriesName, slice: { instanceNumber: number | null; position: number }): string {
  const plane = series.plane ? series.plane.charAt(0).toUpperCase() + series.plane.slice(1).toLowerCase() : "Image";
  const weighting = series.weighting && /^(T1|T2|PD)$/i.test(series.weighting) ? ` ${series.weighting.toUpperCase()}` : "";
  const number = series.seriesNumber !== null ? ` (series ${series.seriesNumber})` : "";
  return `${plane}${weighting}${number} slice ${slice.instanceNumber ?? slice.position}`;
}
